import { afterEach } from "vitest";
import { takeJailViolations } from "./network-jail.mjs";

// Secrets every test process needs, fixed so runs are repeatable; never used outside tests.
process.env.AUTH_SECRET ??= "test-auth-secret-test-auth-secret-0123456789";
process.env.APP_ENCRYPTION_KEY ??= Buffer.alloc(32, 9).toString("base64");
process.env.APP_ENCRYPTION_KEY_VERSION ??= "1";

// A connection the network jail refused fails the test that made it, even when the code under test
// swallowed the error (a retry, a "could not connect" message the test did not look at).
afterEach(() => {
  const refused = takeJailViolations();
  if (refused.length > 0) {
    throw new Error(`This test tried to reach addresses outside loopback: ${refused.join(", ")}`);
  }
});
