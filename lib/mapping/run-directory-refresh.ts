import type { Database } from "@/db";
import {
  analyzeDirectory,
  recordDirectoryRefreshProgress,
  removeAgreementsNotRefreshedSince,
  removeCompaniesNotRefreshedSince,
  upsertAgreements,
  upsertCompanies,
} from "@/db/queries/directory";
import { isConnectWiseError } from "@/lib/connectwise";
import { connectWiseClientForWorkspace } from "@/lib/connection/client-for-workspace";
import { NotConnectedError } from "@/lib/errors";
import { toCachedAgreement } from "./cached-agreement";
import { normalizeCompanyName } from "./normalize-company-name";

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
      agreements: withCompany.map((agreement) => toCachedAgreement(agreement, agreement.companyId!)),
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

/** A refresh failure retrying cannot fix: no connection, or ConnectWise refusing for good. */
export function isPermanentDirectoryRefreshFailure(error: unknown): error is Error {
  return error instanceof NotConnectedError || (isConnectWiseError(error) && !error.transient);
}

/**
 * One job's refresh of the workspace's directory. A failure is recorded on the refresh state (failed
 * when permanent or on the final attempt, else still running for the retry) and thrown on.
 */
export async function runDirectoryRefresh(
  db: Database,
  params: { workspaceId: string; finalAttempt: boolean },
): Promise<{ companies: number; agreements: number; removed: number }> {
  try {
    return await refreshCompanyDirectory(db, { workspaceId: params.workspaceId });
  } catch (error) {
    const message =
      error instanceof NotConnectedError || isConnectWiseError(error)
        ? error.message
        : "The directory refresh failed; it will be retried.";
    await recordDirectoryRefreshProgress(db, {
      workspaceId: params.workspaceId,
      state: isPermanentDirectoryRefreshFailure(error) || params.finalAttempt ? "failed" : "running",
      error: message,
    });
    throw error;
  }
}
