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

/**
 * A ConnectWise client for the workspace's saved connection; throws NotConnectedError when there is
 * none. Every request it makes, in any process (sync, catalog publish, directory refresh, dropdowns),
 * goes through the connection's one shared rate limiter.
 */
export async function connectWiseClientForWorkspace(
  db: Database,
  params: { workspaceId: string; extra?: Partial<ConnectWiseClientConfig> },
): Promise<{ client: ConnectWiseClient; connection: PsaConnection }> {
  const connection = await requireConnection(db, { workspaceId: params.workspaceId });
  const privateKey = readStoredPrivateKey(connection);
  if (!privateKey || !connection.publicKey)
    throw new NotConnectedError("The ConnectWise keys are missing. Edit the integration and enter them again.");
  const client = createConnectWiseClient({
    site: connection.siteUrl,
    companyId: connection.companyId,
    publicKey: connection.publicKey,
    privateKey,
    apiBaseUrl: connection.apiBaseUrl ?? undefined,
    limiter: createPostgresRateLimiter(db, { key: connectionRateLimitKey(connection.id) }),
    ...transportOverrides,
    ...params.extra,
  });
  return { client, connection };
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
