import { describe, expect, it } from "vitest";
import { EnvironmentError, parseEnvironment } from "@/lib/env";

const valid = {
  AUTH_SECRET: "x".repeat(43),
  APP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
};

describe("environment validation", () => {
  it("accepts a minimal valid environment with defaults", () => {
    const environment = parseEnvironment({ ...valid });
    expect(environment.PORT).toBe(3000);
    expect(environment.WORKERS).toBe("in-process");
    expect(environment.CW_ALLOW_PRIVATE_HOSTS).toBe(false);
  });

  it("names a missing variable", () => {
    expect(() => parseEnvironment({ APP_ENCRYPTION_KEY: valid.APP_ENCRYPTION_KEY })).toThrow(/AUTH_SECRET is required/);
  });

  it("names a malformed variable and says what is expected", () => {
    const attempt = () => parseEnvironment({ ...valid, APP_ENCRYPTION_KEY: "short", PORT: "eighty" });
    expect(attempt).toThrow(EnvironmentError);
    expect(attempt).toThrow(/APP_ENCRYPTION_KEY must be 32 bytes, base64-encoded/);
    expect(attempt).toThrow(/PORT/);
    expect(() => parseEnvironment({ ...valid, DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL must be a postgres/);
  });

  it("requires CW_CLIENT_ID in production outside the demo", () => {
    expect(() => parseEnvironment({ ...valid, NODE_ENV: "production" })).toThrow(
      /CW_CLIENT_ID is required in production/,
    );
    expect(parseEnvironment({ ...valid, NODE_ENV: "production", BILLBRIDGE_DEMO: "1" }).BILLBRIDGE_DEMO).toBe(true);
  });

  it("requires the Microsoft Entra ID variables together", () => {
    expect(() => parseEnvironment({ ...valid, AUTH_MICROSOFT_ENTRA_ID_ID: "abc" })).toThrow(/must be set together/);
  });
});
