import type { Database } from "@/db";
import { removeAgreementsNotRefreshedSince, upsertAgreements } from "@/db/queries/directory";
import { isConnectWiseError } from "@/lib/connectwise";
import { connectWiseClientForWorkspace } from "@/lib/connection/client-for-workspace";
import { SafeError } from "@/lib/errors";
import { toCachedAgreement } from "./cached-agreement";

/** Reads one company's agreements from ConnectWise into the cache; false (cache kept) when ConnectWise cannot answer. */
export async function refreshCompanyAgreements(
  db: Database,
  params: { workspaceId: string; companyId: number },
): Promise<{ refreshed: boolean; warning: string | null }> {
  try {
    const { client } = await connectWiseClientForWorkspace(db, {
      workspaceId: params.workspaceId,
      extra: { timeoutMs: 10_000 },
    });
    const startedAt = new Date();
    const agreements = await client.listAgreements({ companyId: params.companyId }).toArray();
    await upsertAgreements(db, {
      workspaceId: params.workspaceId,
      refreshedAt: startedAt,
      agreements: agreements.map((agreement) => toCachedAgreement(agreement, params.companyId)),
    });
    await removeAgreementsNotRefreshedSince(db, {
      workspaceId: params.workspaceId,
      companyId: params.companyId,
      since: startedAt,
    });
    return { refreshed: true, warning: null };
  } catch (error) {
    if (error instanceof SafeError || isConnectWiseError(error)) {
      return { refreshed: false, warning: `Showing the agreements known from the last refresh: ${error.message}` };
    }
    throw error;
  }
}
