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

/**
 * Private keys this process has decrypted, by connection id, each with the stored value it came from
 * (ciphertext, key version) and the encryption keys it was opened with. An entry is used only while the
 * connection row still holds that very ciphertext under the same encryption keys, so new keys (a
 * rotation, a re-entered key) and a disconnect (no ciphertext) never see an old key; the row is read
 * on every use, only the decryption is saved. Never logged, never returned beyond the client.
 */
const decryptedKeys = new Map<
  string,
  { ciphertext: string; keyVersion: number; keyRing: string; privateKey: string }
>();
const decryptedKeysLimit = 2_000;

function currentKeyRingText(): string {
  return [
    process.env.APP_ENCRYPTION_KEY ?? "",
    process.env.APP_ENCRYPTION_KEY_VERSION ?? "",
    process.env.APP_ENCRYPTION_KEYS_PREVIOUS ?? "",
  ].join("|");
}

/** The connection's stored private key, decrypted, for a server-side ConnectWise call. */
export function readStoredPrivateKey(
  connection: Pick<PsaConnection, "privateKeyCiphertext" | "privateKeyKeyVersion"> & { id?: string },
): string | null {
  if (!connection.privateKeyCiphertext || connection.privateKeyKeyVersion === null) {
    if (connection.id !== undefined) decryptedKeys.delete(connection.id);
    return null;
  }
  const sealed = { ciphertext: connection.privateKeyCiphertext, keyVersion: connection.privateKeyKeyVersion };
  if (connection.id === undefined) return openSecret(sealed);
  const keyRing = currentKeyRingText();
  const cached = decryptedKeys.get(connection.id);
  if (
    cached &&
    cached.ciphertext === sealed.ciphertext &&
    cached.keyVersion === sealed.keyVersion &&
    cached.keyRing === keyRing
  )
    return cached.privateKey;
  decryptedKeys.delete(connection.id);
  const privateKey = openSecret(sealed);
  if (decryptedKeys.size >= decryptedKeysLimit) decryptedKeys.delete(decryptedKeys.keys().next().value!);
  decryptedKeys.set(connection.id, { ...sealed, keyRing, privateKey });
  return privateKey;
}

/** How many decrypted keys this process holds (for tests of the cache). */
export function countDecryptedKeys(): number {
  return decryptedKeys.size;
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
  return storedCredentialsOf(await findConnection(db, { workspaceId: params.workspaceId }));
}

/** The keys of a connection row already read; NotConnectedError when it is missing, disconnected or keyless. */
export function storedCredentialsOf(connection: PsaConnection | null): {
  connection: PsaConnection;
  publicKey: string;
  privateKey: string;
} {
  if (!connection || connection.status === "disconnected") throw new NotConnectedError();
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
  const connection = await findConnection(db, { workspaceId: params.workspaceId });
  return { client: connectWiseClientForConnection(db, { connection, extra: params.extra }), connection: connection! };
}

/**
 * The same client for a connection row the caller has just read (a sync run reads it with the rest of
 * its settings); throws NotConnectedError when there is none, it was disconnected or its keys are gone.
 */
export function connectWiseClientForConnection(
  db: Database,
  params: { connection: PsaConnection | null; extra?: Partial<ConnectWiseClientConfig> },
): ConnectWiseClient {
  const { connection, publicKey, privateKey } = storedCredentialsOf(params.connection);
  return createConnectWiseClient({
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
