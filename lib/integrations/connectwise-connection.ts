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
import { connectionRateLimitKey, createPostgresRateLimiter } from "@/lib/rate-limit/postgres-rate-limiter";
import { SafeError } from "@/lib/errors";
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

export class NotConnectedError extends SafeError {
  constructor(message = "ConnectWise is not connected. Connect it in Settings › Integrations first.") {
    super(message, "not-connected");
  }
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
  const connection = await findConnection(db, { workspaceId: params.workspaceId });
  if (!connection || connection.status === "disconnected") throw new NotConnectedError();
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
    onRequest: (record) => {
      recordConnectWiseRequest(record);
      params.extra?.onRequest?.(record);
    },
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
