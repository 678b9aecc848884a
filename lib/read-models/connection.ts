/** The workspace's ConnectWise connection as the integration pages show it. */
import { findConnection } from "@/db/queries/connections";
import type { PsaConnection, StoredPermissionResult } from "@/db/schema";
import type { WorkspaceContext } from "@/lib/auth/context";
import { roleAllows } from "@/lib/auth/roles";

/** What the browser may see of a connection: never the private key, and the public key only to admins. */
export interface ConnectionView {
  status: "not-connected" | "connected" | "unhealthy" | "disconnected";
  statusReason: string | null;
  siteUrl: string | null;
  companyId: string | null;
  companyName: string | null;
  publicKey: string | null;
  hasPrivateKey: boolean;
  connectedAt: string | null;
  lastCheckedAt: string | null;
  permissionResults: StoredPermissionResult[];
}

export function presentConnection(
  connection: PsaConnection | null,
  context: Pick<WorkspaceContext, "role">,
): ConnectionView {
  if (!connection) {
    return {
      status: "not-connected",
      statusReason: null,
      siteUrl: null,
      companyId: null,
      companyName: null,
      publicKey: null,
      hasPrivateKey: false,
      connectedAt: null,
      lastCheckedAt: null,
      permissionResults: [],
    };
  }
  return {
    status: connection.status,
    statusReason: connection.statusReason,
    siteUrl: connection.siteUrl,
    companyId: connection.companyId,
    companyName: connection.companyName,
    publicKey: roleAllows(context.role, "admin") ? connection.publicKey : null,
    hasPrivateKey: Boolean(connection.privateKeyCiphertext),
    connectedAt: connection.connectedAt?.toISOString() ?? null,
    lastCheckedAt: connection.lastCheckedAt?.toISOString() ?? null,
    permissionResults: connection.permissionResults,
  };
}

export async function getConnectionView(context: WorkspaceContext): Promise<ConnectionView> {
  return presentConnection(await findConnection(context.db, { workspaceId: context.workspace.id }), context);
}
