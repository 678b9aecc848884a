import { z } from "zod";
import type { Database } from "@/db";
import {
  markDirectoryRefreshQueued,
  recordDirectoryRefreshProgress,
  removeAgreementsNotRefreshedSince,
  removeCompaniesNotRefreshedSince,
  upsertAgreements,
  analyzeDirectory,
  upsertCompanies,
  listConnectedWorkspaceIds,
} from "@/db/queries/directory";
import { isConnectWiseError } from "@/lib/connectwise";
import { connectWiseClientForWorkspace, NotConnectedError } from "@/lib/integrations/connectwise-connection";
import { normalizeCompanyName } from "@/lib/mapping/normalize-company-name";
import { defineJob, PermanentJobError } from "../define-job";

/**
 * Reads the whole ConnectWise company directory (forward-only pages, deleted companies left out) and
 * every agreement into the workspace's cache, page by page with progress, then drops what the pass did
 * not see. The mapping table's dropdowns answer from this cache, so they stay instant at any size.
 */
export async function refreshCompanyDirectory(
  db: Database,
  params: { workspaceId: string },
): Promise<{ companies: number; agreements: number; removed: number }> {
  const { client } = await connectWiseClientForWorkspace(db, { workspaceId: params.workspaceId });
  // A pass marks what it saw with its own start time; anything older afterwards is gone from ConnectWise.
  const startedAt = new Date();
  let companies = 0;
  await recordDirectoryRefreshProgress(db, {
    workspaceId: params.workspaceId,
    state: "running",
    startedAt,
    companiesRead: 0,
    agreementsRead: 0,
    error: null,
  });
  for await (const page of client.listCompanies({ forwardOnly: true }).pages()) {
    const live = page.filter((company) => !company.deleted);
    await upsertCompanies(db, {
      workspaceId: params.workspaceId,
      refreshedAt: startedAt,
      companies: live.map((company) => ({
        cwId: company.id,
        identifier: company.identifier,
        name: company.name,
        status: company.status,
        searchName: normalizeCompanyName(company.name),
      })),
    });
    companies += live.length;
    await recordDirectoryRefreshProgress(db, {
      workspaceId: params.workspaceId,
      state: "running",
      companiesRead: companies,
    });
  }
  let agreements = 0;
  for await (const page of client.listAgreements({}).pages()) {
    const withCompany = page.filter((agreement) => agreement.companyId !== null);
    await upsertAgreements(db, {
      workspaceId: params.workspaceId,
      refreshedAt: startedAt,
      agreements: withCompany.map((agreement) => ({
        cwId: agreement.id,
        cwCompanyId: agreement.companyId!,
        name: agreement.name,
        typeName: agreement.typeName,
        status: agreement.status,
        cancelled: agreement.cancelled,
      })),
    });
    agreements += withCompany.length;
    await recordDirectoryRefreshProgress(db, {
      workspaceId: params.workspaceId,
      state: "running",
      agreementsRead: agreements,
    });
  }
  const removed = await removeCompaniesNotRefreshedSince(db, { workspaceId: params.workspaceId, since: startedAt });
  await removeAgreementsNotRefreshedSince(db, { workspaceId: params.workspaceId, since: startedAt });
  await analyzeDirectory(db);
  await recordDirectoryRefreshProgress(db, {
    workspaceId: params.workspaceId,
    state: "succeeded",
    companiesRead: companies,
    agreementsRead: agreements,
  });
  return { companies, agreements, removed };
}

export const directoryRefreshJob = defineJob({
  name: "connectwise-directory-refresh",
  description:
    "Refresh the cached ConnectWise company and agreement directory (one workspace, or every connected one on schedule)",
  schema: z.object({ workspaceId: z.uuid().optional() }),
  retry: { limit: 3, delaySeconds: 60, backoff: true, maxDelaySeconds: 900 },
  // One queued and one running per workspace (singletonKey), never two passes over the same cache at once.
  policy: "stately",
  expireInSeconds: 60 * 60,
  concurrency: 2,
  schedule: { cron: "23 */4 * * *", payload: {} },
  handler: async (payload, { db, log, retryCount }) => {
    if (!payload.workspaceId) {
      const workspaceIds = await listConnectedWorkspaceIds(db);
      for (const workspaceId of workspaceIds) await enqueueDirectoryRefresh(db, { workspaceId });
      log("directory refresh scheduled", { workspaces: workspaceIds.length });
      return { scheduled: workspaceIds.length };
    }
    try {
      const result = await refreshCompanyDirectory(db, { workspaceId: payload.workspaceId });
      log("directory refreshed", result);
      return result;
    } catch (error) {
      const permanent = error instanceof NotConnectedError || (isConnectWiseError(error) && !error.transient);
      const message =
        error instanceof NotConnectedError || isConnectWiseError(error)
          ? error.message
          : "The directory refresh failed; it will be retried.";
      await recordDirectoryRefreshProgress(db, {
        workspaceId: payload.workspaceId,
        state: permanent || retryCount >= 3 ? "failed" : "running",
        error: message,
      });
      if (permanent) throw new PermanentJobError(message);
      throw error;
    }
  },
});

/** Queues a refresh of the workspace's directory unless one is already queued or running. */
export async function enqueueDirectoryRefresh(db: Database, params: { workspaceId: string }): Promise<boolean> {
  const queued = await markDirectoryRefreshQueued(db, params);
  if (!queued) return false;
  // Imported when used: the runtime imports the registry, which imports this file.
  const { sendJob } = await import("../runtime");
  try {
    await sendJob(
      directoryRefreshJob,
      { workspaceId: params.workspaceId },
      { singletonKey: `directory:${params.workspaceId}` },
    );
  } catch (error) {
    await recordDirectoryRefreshProgress(db, {
      workspaceId: params.workspaceId,
      state: "failed",
      error: "The refresh could not be queued. Try again in a moment.",
    });
    throw error;
  }
  return true;
}

/** For Apply: asks for a refresh and never fails the caller for it (the schedule catches up). */
export async function requestDirectoryRefresh(db: Database, params: { workspaceId: string }): Promise<void> {
  try {
    await enqueueDirectoryRefresh(db, params);
  } catch (error) {
    console.error("[directory] could not queue a directory refresh:", error instanceof Error ? error.message : error);
  }
}
