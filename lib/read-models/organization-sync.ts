/** The run details page of one organization: its mapping, the connection's health and its recent runs. */
import { z } from "zod";
import { findConnection } from "@/db/queries/connections";
import { findOrganizationWithMapping, listCatalogItemProducts, listRunsWithChanges } from "@/db/queries/sync";
import type { WorkspaceContext } from "@/lib/auth/context";
import { describeRecordedChange, type ChangeLine } from "@/lib/sync/describe-changes";

export interface RunView {
  id: string;
  trigger: string;
  state: "queued" | "running" | "succeeded" | "failed";
  dryRun: boolean;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  attempt: number;
  apiCalls: { method: string; path: string; status: number | null; durationMs: number }[];
  summary: Record<string, number>;
  error: string | null;
  changes: ChangeLine[];
}

export interface OrganizationSyncView {
  organization: { id: string; name: string; externalId: string; status: string };
  mapping: {
    id: string;
    companyName: string | null;
    agreementId: number | null;
    agreementName: string | null;
    syncEnabled: boolean;
    nextDueAt: string | null;
    lastRunState: string | null;
    lastRunAt: string | null;
    lastRunMessage: string | null;
  } | null;
  connectionStatus: "not-connected" | "connected" | "unhealthy" | "disconnected";
  connectionReason: string | null;
  runs: RunView[];
  /** True while a run is queued or running, so the page keeps itself up to date. */
  active: boolean;
}

/** Everything the run details page shows, for any member of the workspace; null when the organization is not in it. */
export async function getOrganizationSyncView(
  context: WorkspaceContext,
  params: { organizationId: string; limit?: number },
): Promise<OrganizationSyncView | null> {
  const parsed = z.uuid().safeParse(params.organizationId);
  if (!parsed.success) return null;
  const workspaceId = context.workspace.id;
  const found = await findOrganizationWithMapping(context.db, { workspaceId, organizationId: parsed.data });
  if (!found) return null;
  const connection = await findConnection(context.db, { workspaceId });
  const mapping = found.mapping;
  const runs = mapping
    ? await listRunsWithChanges(context.db, { workspaceId, mappingId: mapping.id, limit: params.limit ?? 20 })
    : [];
  const catalog = await listCatalogItemProducts(context.db, { workspaceId });
  const names = {
    byProduct: Object.fromEntries(catalog.map((row) => [row.productId, row.name])),
    byCatalogItem: Object.fromEntries(
      catalog.flatMap((row) => (row.catalogItemId === null ? [] : [[row.catalogItemId, row.name]])),
    ),
  };
  for (const { changes } of runs)
    for (const change of changes)
      if (change.productId && change.productName) names.byProduct[change.productId] = change.productName;
  const runViews: RunView[] = runs.map(({ run, changes }) => ({
    id: run.id,
    trigger: run.trigger,
    state: run.state,
    dryRun: run.dryRun,
    queuedAt: run.queuedAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    attempt: run.attempt,
    apiCalls: run.apiCalls.map((call) => ({
      method: call.method,
      path: call.path,
      status: call.status,
      durationMs: call.durationMs,
    })),
    summary: run.summary,
    error: run.error,
    changes: changes.map((change) => describeRecordedChange(change, names)),
  }));
  return {
    organization: {
      id: found.organization.id,
      name: found.organization.name,
      externalId: found.organization.externalId,
      status: found.organization.status,
    },
    mapping: mapping
      ? {
          id: mapping.id,
          companyName: mapping.cwCompanyName,
          agreementId: mapping.cwAgreementId,
          agreementName: mapping.cwAgreementName,
          syncEnabled: mapping.syncEnabled,
          nextDueAt: mapping.nextDueAt?.toISOString() ?? null,
          lastRunState: mapping.lastRunState,
          lastRunAt: mapping.lastRunAt?.toISOString() ?? null,
          lastRunMessage: mapping.lastRunMessage,
        }
      : null,
    connectionStatus: connection ? connection.status : "not-connected",
    connectionReason: connection?.statusReason ?? null,
    runs: runViews,
    active: runViews.some((run) => run.state === "queued" || run.state === "running"),
  };
}
