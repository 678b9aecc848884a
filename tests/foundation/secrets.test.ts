import { describe, expect, it } from "vitest";
import { fingerprint, loadKeyRing, openSecret, sealSecret, SecretUnavailableError } from "@/lib/crypto/secrets";

const keyOne = Buffer.alloc(32, 1).toString("base64");
const keyTwo = Buffer.alloc(32, 2).toString("base64");

describe("secrets at rest", () => {
  it("seals with AES-256-GCM: different ciphertext each time, opens to the same text", () => {
    const ring = loadKeyRing({ APP_ENCRYPTION_KEY: keyOne });
    const first = sealSecret("private-key-123", ring);
    const second = sealSecret("private-key-123", ring);
    expect(first.ciphertext).not.toBe(second.ciphertext);
    expect(first.keyVersion).toBe(1);
    expect(openSecret(first, ring)).toBe("private-key-123");
  });

  it("detects tampering", () => {
    const ring = loadKeyRing({ APP_ENCRYPTION_KEY: keyOne });
    const sealed = sealSecret("private-key-123", ring);
    const raw = Buffer.from(sealed.ciphertext, "base64");
    raw[raw.length - 1] ^= 1;
    expect(() => openSecret({ ...sealed, ciphertext: raw.toString("base64") }, ring)).toThrow(SecretUnavailableError);
  });

  it("opens values sealed with a previous key after rotation, and seals new ones with the new key", () => {
    const old = sealSecret("rotate-me", loadKeyRing({ APP_ENCRYPTION_KEY: keyOne }));
    const rotated = loadKeyRing({
      APP_ENCRYPTION_KEY: keyTwo,
      APP_ENCRYPTION_KEY_VERSION: "2",
      APP_ENCRYPTION_KEYS_PREVIOUS: `1:${keyOne}`,
    });
    expect(openSecret(old, rotated)).toBe("rotate-me");
    expect(sealSecret("new", rotated).keyVersion).toBe(2);
    const withoutOld = loadKeyRing({ APP_ENCRYPTION_KEY: keyTwo, APP_ENCRYPTION_KEY_VERSION: "2" });
    expect(() => openSecret(old, withoutOld)).toThrow(/key version 1/);
  });

  it("fingerprints values without revealing them", () => {
    const print = fingerprint(["site", "company", "public", "private-key-123"], "secret-secret-secret-secret-secret");
    expect(print).not.toContain("private");
    expect(
      fingerprint(["site", "company", "public", "private-key-124"], "secret-secret-secret-secret-secret"),
    ).not.toBe(print);
  });
});
