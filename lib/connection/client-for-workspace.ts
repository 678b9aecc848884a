import type { Database } from "@/db";
import { findConnection } from "@/db/queries/connections";
import type { PsaConnection, StoredPermissionResult } from "@/db/schema";
import {
  createConnectWiseClient,
  type ConnectWiseClient,
  type ConnectWiseClientConfig,
  type PermissionCheck,
} from "@/lib/connectwise";
import { openSecret } from "@/lib/crypto/secrets";
import { connectionRateLimitKey, createPostgresRateLimiter } from "@/lib/connection/rate-limiter";
import { NotConnectedError } from "@/lib/errors";
import { recordConnectWiseRequest } from "@/lib/metrics/registry";

type TransportOverrides = Partial<Pick<ConnectWiseClientConfig, "retryPolicy" | "timeoutMs" | "limiter" | "sleep">>;

let transportOverrides: TransportOverrides = {};

/**
 * Tests and benchmarks shorten ConnectWise's waits (a 30 s Retry-After) through this one hook; the
 * product never calls it.
 */
export function setConnectWiseTransportOverrides(overrides: TransportOverrides): void {
  transportOverrides = overrides;
}

export function connectWiseTransportOptions(): TransportOverrides {
  return transportOverrides;
}

/** The connection's stored private key, decrypted, for a server-side ConnectWise call. */
export function readStoredPrivateKey(
  connection: Pick<PsaConnection, "privateKeyCiphertext" | "privateKeyKeyVersion">,
): string | null {
  if (!connection.privateKeyCiphertext || connection.privateKeyKeyVersion === null) return null;
  return openSecret({ ciphertext: connection.privateKeyCiphertext, keyVersion: connection.privateKeyKeyVersion });
}

/** The workspace's saved connection; throws NotConnectedError when there is none or it was disconnected. */
export async function requireConnection(db: Database, params: { workspaceId: string }): Promise<PsaConnection> {
  const connection = await findConnection(db, params);
  if (!connection || connection.status === "disconnected") throw new NotConnectedError();
  return connection;
}

/** The saved connection with its keys (the private one decrypted); NotConnectedError when either is missing. */
export async function requireStoredCredentials(
  db: Database,
  params: { workspaceId: string },
): Promise<{ connection: PsaConnection; publicKey: string; privateKey: string }> {
  const connection = await requireConnection(db, { workspaceId: params.workspaceId });
  const privateKey = readStoredPrivateKey(connection);
  if (!privateKey || !connection.publicKey)
    throw new NotConnectedError("The ConnectWise keys are missing. Edit the integration and enter them again.");
  return { connection, publicKey: connection.publicKey, privateKey };
}

/**
 * A ConnectWise client for the workspace's saved connection; throws NotConnectedError when there is
 * none. Every request it makes, in any process (sync, catalog publish, directory refresh, dropdowns),
 * goes through the connection's one shared rate limiter.
 */
export async function connectWiseClientForWorkspace(
  db: Database,
  params: { workspaceId: string; extra?: Partial<ConnectWiseClientConfig> },
): Promise<{ client: ConnectWiseClient; connection: PsaConnection }> {
  const { connection, publicKey, privateKey } = await requireStoredCredentials(db, params);
  const client = createConnectWiseClient({
    site: connection.siteUrl,
    companyId: connection.companyId,
    publicKey,
    privateKey,
    apiBaseUrl: connection.apiBaseUrl ?? undefined,
    limiter: createPostgresRateLimiter(db, { key: connectionRateLimitKey(connection.id) }),
    ...transportOverrides,
    ...params.extra,
    onRequest: (record) => {
      recordConnectWiseRequest(record);
      params.extra?.onRequest?.(record);
    },
  });
  return { client, connection };
}

/** The permissions the check found missing among those required by `requiredBy` ("seed" to work at all, "edit"). */
export function missingPermissions(
  permissions: readonly StoredPermissionResult[],
  requiredBy: StoredPermissionResult["requiredBy"],
): string[] {
  return permissions
    .filter((line) => line.granted === false && line.requiredBy === requiredBy)
    .map((line) => line.permission);
}

export function storePermissionResults(checks: PermissionCheck[]): StoredPermissionResult[] {
  return checks.map((check) => ({
    permission: check.permission,
    granted: check.granted,
    detail: check.detail,
    requiredBy: check.definition.requiredBy,
    blocksWhenMissing: check.definition.blocksWhenMissing,
  }));
}
