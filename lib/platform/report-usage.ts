/**
 * Usage reports from the platform: full snapshots per organization (SKUs not listed are 0). A snapshot
 * older than the newest stored one is stale and ignored; one equal to the stored usage changes nothing;
 * any other replaces the organization's usage. Everything is set-based in one transaction, so a batch
 * of 10,000 organizations is a handful of statements. Organizations whose usage changed and whose
 * mapping syncs are made due, and a sweep is queued to enqueue their runs within seconds.
 */
import type { Database } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { updateMappingsDueForOrganizations } from "@/db/queries/mappings";
import { listOrganizationsByExternalIds, listUsageBySku } from "@/db/queries/organizations";
import { listWorkspaceProducts } from "@/db/queries/products";
import { lockOrganizationsForUsage, replaceUsageSnapshots, updateOrganizationsUsageReported } from "@/db/queries/usage";
import type { ProblemFieldError } from "@/lib/platform-api/problem";
import type { UsageBatchInput, UsageSnapshotInput } from "@/lib/schemas/platform-api";
import { enqueueUsageSyncSweep } from "@/lib/sync/enqueue-usage-sync-sweep";
import type { ApiActor } from "./actor";

export interface ResolvedSnapshot {
  organizationId: string;
  externalId: string;
  quantities: Record<string, number>;
}

export interface ApplyOutcome {
  changedIds: string[];
  unchangedIds: string[];
  staleIds: string[];
  dueMappingIds: string[];
}

/** The error list of a batch or single report whose SKUs or organizations are unknown; empty when all resolve. */
export function findUnknownReferences(
  snapshots: { externalId: string; quantities: Record<string, number> }[],
  known: { organizations: Map<string, string>; skus: Map<string, string> },
  options: { batch: boolean },
): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  const seen = new Map<string, number>();
  snapshots.forEach((snapshot, index) => {
    const where = options.batch ? { index, externalId: snapshot.externalId } : {};
    const prefix = options.batch ? `organizations.${index}.` : "";
    if (options.batch) {
      const first = seen.get(snapshot.externalId);
      if (first !== undefined)
        errors.push({
          path: `${prefix}externalId`,
          message: `Organization "${snapshot.externalId}" is listed twice (also at index ${first})`,
          ...where,
        });
      else seen.set(snapshot.externalId, index);
      if (!known.organizations.has(snapshot.externalId))
        errors.push({
          path: `${prefix}externalId`,
          message: `Unknown organization "${snapshot.externalId}"`,
          ...where,
        });
    }
    for (const sku of Object.keys(snapshot.quantities))
      if (!known.skus.has(sku))
        errors.push({ path: `${prefix}quantities.${sku}`, message: `Unknown SKU "${sku}"`, ...where });
  });
  return errors;
}

/** Applies resolved snapshots of one `asOf` in one transaction (see the file header). */
async function applySnapshots(
  db: Database,
  params: { workspaceId: string; asOf: Date; snapshots: ResolvedSnapshot[]; productIdsBySku: Map<string, string> },
  beforeApply?: (transaction: Database, currentIds: string[]) => Promise<void>,
): Promise<ApplyOutcome> {
  return db.transaction(async (transaction) => {
    const ids = params.snapshots.map((snapshot) => snapshot.organizationId);
    const newest = await lockOrganizationsForUsage(transaction, {
      workspaceId: params.workspaceId,
      organizationIds: ids,
    });
    const current: ResolvedSnapshot[] = [];
    const staleIds: string[] = [];
    for (const snapshot of params.snapshots) {
      const stored = newest.get(snapshot.organizationId) ?? null;
      if (stored !== null && stored.getTime() > params.asOf.getTime()) staleIds.push(snapshot.organizationId);
      else current.push(snapshot);
    }
    const currentIds = current.map((snapshot) => snapshot.organizationId);
    if (beforeApply) await beforeApply(transaction, currentIds);
    const changedIds = await replaceUsageSnapshots(transaction, {
      workspaceId: params.workspaceId,
      organizationIds: currentIds,
      rows: current.flatMap((snapshot) =>
        Object.entries(snapshot.quantities).map(([sku, quantity]) => ({
          organizationId: snapshot.organizationId,
          productId: params.productIdsBySku.get(sku)!,
          quantity,
        })),
      ),
      measuredAt: params.asOf,
    });
    await updateOrganizationsUsageReported(transaction, {
      workspaceId: params.workspaceId,
      reportedIds: ids,
      currentIds,
      asOf: params.asOf,
    });
    const dueMappingIds = await updateMappingsDueForOrganizations(transaction, {
      workspaceId: params.workspaceId,
      organizationIds: changedIds,
    });
    const changed = new Set(changedIds);
    return {
      changedIds,
      unchangedIds: currentIds.filter((id) => !changed.has(id)),
      staleIds,
      dueMappingIds,
    };
  });
}

export type SingleReportResult =
  | { kind: "not-found" }
  | { kind: "invalid"; errors: ProblemFieldError[] }
  | { kind: "done"; applied: boolean; reason?: "stale" | "unchanged" };

/** `PUT /organizations/{externalId}/usage`: one organization's snapshot. */
export async function reportOrganizationUsage(
  db: Database,
  params: { workspaceId: string; externalId: string; input: UsageSnapshotInput; actor: ApiActor },
): Promise<SingleReportResult> {
  const { workspaceId, externalId, input, actor } = params;
  const [organization] = await listOrganizationsByExternalIds(db, { workspaceId, externalIds: [externalId] });
  if (!organization || organization.status === "deleted") return { kind: "not-found" };
  const productIdsBySku = new Map(
    (await listWorkspaceProducts(db, { workspaceId })).map((product) => [product.sku, product.id]),
  );
  const errors = findUnknownReferences(
    [{ externalId, quantities: input.quantities }],
    { organizations: new Map([[externalId, organization.id]]), skus: productIdsBySku },
    { batch: false },
  );
  if (errors.length > 0) return { kind: "invalid", errors };
  let before: Record<string, number> = {};
  const outcome = await applySnapshots(
    db,
    {
      workspaceId,
      asOf: new Date(input.asOf),
      snapshots: [{ organizationId: organization.id, externalId, quantities: input.quantities }],
      productIdsBySku,
    },
    async (transaction) => {
      before =
        (await listUsageBySku(transaction, { workspaceId, organizationIds: [organization.id] })).get(organization.id) ??
        {};
    },
  );
  if (outcome.staleIds.length > 0) return { kind: "done", applied: false, reason: "stale" };
  if (outcome.changedIds.length === 0) return { kind: "done", applied: false, reason: "unchanged" };
  const changes: Record<string, { from: number; to: number }> = {};
  for (const sku of new Set([...Object.keys(before), ...Object.keys(input.quantities)])) {
    const from = before[sku] ?? 0;
    const to = input.quantities[sku] ?? 0;
    if (from !== to) changes[sku] = { from, to };
  }
  await recordAuditEvent(db, {
    workspaceId,
    actorUserId: null,
    action: "api.usage.report",
    targetType: "organization",
    targetId: organization.id,
    details: { token: actor.tokenName, tokenId: actor.tokenId, externalId, asOf: input.asOf, changes },
  });
  if (outcome.dueMappingIds.length > 0) await enqueueUsageSyncSweep({ workspaceId });
  return { kind: "done", applied: true };
}

export type BatchReportResult =
  | { kind: "invalid"; errors: ProblemFieldError[] }
  | { kind: "done"; applied: number; unchanged: number; stale: number; dueMappings: number };

/** Changed organizations named in a batch's audit event, at most this many (the counts are always complete). */
const auditedExternalIdLimit = 1000;

/** `POST /usage`: many organizations' snapshots, all or nothing. */
export async function reportUsageBatch(
  db: Database,
  params: { workspaceId: string; input: UsageBatchInput; actor: ApiActor },
): Promise<BatchReportResult> {
  const { workspaceId, input, actor } = params;
  const organizations = await listOrganizationsByExternalIds(db, {
    workspaceId,
    externalIds: [...new Set(input.organizations.map((entry) => entry.externalId))],
  });
  const organizationIds = new Map(
    organizations.filter((row) => row.status !== "deleted").map((row) => [row.externalId, row.id]),
  );
  const productIdsBySku = new Map(
    (await listWorkspaceProducts(db, { workspaceId })).map((product) => [product.sku, product.id]),
  );
  const errors = findUnknownReferences(
    input.organizations,
    { organizations: organizationIds, skus: productIdsBySku },
    { batch: true },
  );
  if (errors.length > 0) return { kind: "invalid", errors };
  const outcome = await applySnapshots(db, {
    workspaceId,
    asOf: new Date(input.asOf),
    snapshots: input.organizations.map((entry) => ({
      organizationId: organizationIds.get(entry.externalId)!,
      externalId: entry.externalId,
      quantities: entry.quantities,
    })),
    productIdsBySku,
  });
  if (outcome.changedIds.length > 0) {
    const externalIds = new Map(
      input.organizations.map((entry) => [organizationIds.get(entry.externalId)!, entry.externalId]),
    );
    const changed = outcome.changedIds.map((id) => externalIds.get(id)!).sort();
    await recordAuditEvent(db, {
      workspaceId,
      actorUserId: null,
      action: "api.usage.batch",
      targetType: "usage",
      details: {
        token: actor.tokenName,
        tokenId: actor.tokenId,
        asOf: input.asOf,
        organizations: input.organizations.length,
        applied: outcome.changedIds.length,
        unchanged: outcome.unchangedIds.length,
        stale: outcome.staleIds.length,
        changed: changed.slice(0, auditedExternalIdLimit),
        ...(changed.length > auditedExternalIdLimit ? { changedTruncated: true } : {}),
      },
    });
  }
  if (outcome.dueMappingIds.length > 0) await enqueueUsageSyncSweep({ workspaceId });
  return {
    kind: "done",
    applied: outcome.changedIds.length,
    unchanged: outcome.unchangedIds.length,
    stale: outcome.staleIds.length,
    dueMappings: outcome.dueMappingIds.length,
  };
}
