"use server";

import { getRequestContext } from "@/lib/auth/session";
import { exportAuditCsvAction } from "@/lib/actions/audit";

export async function exportAuditCsv(input: unknown) {
  return exportAuditCsvAction.execute(getRequestContext(), input);
}
