import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

/**
 * AES-256-GCM for secrets at rest (ConnectWise private keys). The ciphertext is
 * base64(iv ‖ tag ‖ data); the key version is stored beside it so APP_ENCRYPTION_KEY can be rotated:
 * set the new key and version, list the old one in APP_ENCRYPTION_KEYS_PREVIOUS ("1:base64,..."), and
 * values re-encrypt with the new key the next time they are saved.
 */
export interface SealedSecret {
  ciphertext: string;
  keyVersion: number;
}

interface KeyRing {
  current: { version: number; key: Buffer };
  previous: Map<number, Buffer>;
}

function readKey(base64: string, name: string): Buffer {
  const key = Buffer.from(base64, "base64");
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded`);
  return key;
}

export function loadKeyRing(source: Record<string, string | undefined> = process.env): KeyRing {
  const current = source.APP_ENCRYPTION_KEY;
  if (!current) throw new Error("APP_ENCRYPTION_KEY is not set");
  const version = Number(source.APP_ENCRYPTION_KEY_VERSION ?? "1");
  const previous = new Map<number, Buffer>();
  for (const entry of (source.APP_ENCRYPTION_KEYS_PREVIOUS ?? "").split(",").filter(Boolean)) {
    const [entryVersion, entryKey] = entry.split(":");
    previous.set(
      Number(entryVersion),
      readKey(entryKey ?? "", `APP_ENCRYPTION_KEYS_PREVIOUS (version ${entryVersion})`),
    );
  }
  return { current: { version, key: readKey(current, "APP_ENCRYPTION_KEY") }, previous };
}

export function sealSecret(plaintext: string, ring: KeyRing = loadKeyRing()): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", ring.current.key, iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return {
    ciphertext: Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64"),
    keyVersion: ring.current.version,
  };
}

export class SecretUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretUnavailableError";
  }
}

export function openSecret(sealed: SealedSecret, ring: KeyRing = loadKeyRing()): string {
  const key = sealed.keyVersion === ring.current.version ? ring.current.key : ring.previous.get(sealed.keyVersion);
  if (!key) {
    throw new SecretUnavailableError(
      `The stored key was encrypted with key version ${sealed.keyVersion}, which is not configured: add it to APP_ENCRYPTION_KEYS_PREVIOUS or enter the key again.`,
    );
  }
  const raw = Buffer.from(sealed.ciphertext, "base64");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretUnavailableError(
      "The stored key cannot be decrypted with the configured APP_ENCRYPTION_KEY: enter the key again.",
    );
  }
}

/** A keyed fingerprint of values that include a secret: comparable, but reveals nothing of it. */
export function fingerprint(values: readonly string[], secret: string = process.env.AUTH_SECRET ?? ""): string {
  if (!secret) throw new Error("AUTH_SECRET is not set");
  return createHmac("sha256", secret).update(JSON.stringify(values)).digest("base64url");
}
