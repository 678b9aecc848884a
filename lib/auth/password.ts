import { hash, verify } from "@node-rs/argon2";

// argon2id with OWASP's suggested minimums (19 MiB, 2 passes).
const options = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verified when the email is unknown, so that a wrong email and a wrong password take the same time. */
export const unknownUserPasswordHash =
  "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Ex1Bf4s6fmQ3CFgPEiSEAhCBbbPyHHtAIQ38WTr2/Y";
