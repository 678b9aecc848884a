import { countAuditEvents, listAuditEvents, listAuditFacets, type AuditFilter } from "@/db/queries/audit";
import { defineWorkspaceAction } from "@/lib/actions/define-action";
import { formatAuditCsv } from "@/lib/audit/audit-csv";
import { auditFilterSchema } from "@/lib/schemas/audit";
import type { z } from "zod";

export const auditPageSize = 50;
/** The most lines one CSV export carries (the log is kept 400 days by default). */
export const auditExportLimit = 100_000;

function toFilter(workspaceId: string, input: z.output<typeof auditFilterSchema>): AuditFilter {
  return {
    workspaceId,
    kind: input.kind,
    actorUserId: input.actorUserId,
    from: input.from ? new Date(`${input.from}T00:00:00Z`) : undefined,
    until: input.to ? new Date(new Date(`${input.to}T00:00:00Z`).getTime() + 24 * 60 * 60 * 1000) : undefined,
  };
}

/** One page of the workspace's audit log, filtered by kind, person and dates, with the filters' choices. */
export const listAuditAction = defineWorkspaceAction({
  name: "audit.list",
  role: "admin",
  schema: auditFilterSchema,
  run: async (context, input) => {
    const filter = toFilter(context.workspace.id, input);
    const [entries, total, facets] = await Promise.all([
      listAuditEvents(context.db, { ...filter, limit: auditPageSize, offset: (input.page - 1) * auditPageSize }),
      countAuditEvents(context.db, filter),
      listAuditFacets(context.db, { workspaceId: context.workspace.id }),
    ]);
    return { entries, total, page: input.page, pageSize: auditPageSize, facets };
  },
});

/** The filtered audit log as a CSV file. */
export const exportAuditCsvAction = defineWorkspaceAction({
  name: "audit.exportCsv",
  role: "admin",
  schema: auditFilterSchema,
  run: async (context, input) => {
    const entries = await listAuditEvents(context.db, {
      ...toFilter(context.workspace.id, input),
      limit: auditExportLimit,
    });
    return {
      filename: `audit-log-${context.workspace.slug}-${new Date().toISOString().slice(0, 10)}.csv`,
      csv: formatAuditCsv(entries),
      rows: entries.length,
    };
  },
});

export const auditActions = [listAuditAction, exportAuditCsvAction] as const;
