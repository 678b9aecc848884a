import { describe, expect, it } from "vitest";
import {
  CONNECTWISE_ACCEPT_HEADER,
  DEVELOPMENT_CLIENT_ID,
  readConnectWiseEnvironment,
  resolveConnectWiseClientId,
} from "@/lib/connectwise/config";
import { ConnectWiseConfigurationError } from "@/lib/connectwise/errors";

describe("resolveConnectWiseClientId", () => {
  it("uses CW_CLIENT_ID when set", () => {
    expect(resolveConnectWiseClientId({ env: { NODE_ENV: "production", CW_CLIENT_ID: " abc " } })).toBe("abc");
  });

  it("stops a production start without it, naming the variable", () => {
    expect(() => resolveConnectWiseClientId({ env: { NODE_ENV: "production" } })).toThrow(
      ConnectWiseConfigurationError,
    );
    expect(() => resolveConnectWiseClientId({ env: { NODE_ENV: "production", CW_CLIENT_ID: "  " } })).toThrow(
      /CW_CLIENT_ID is not set/,
    );
  });

  it("falls back to the development default in development, tests and the demo", () => {
    expect(resolveConnectWiseClientId({ env: { NODE_ENV: "development" } })).toBe(DEVELOPMENT_CLIENT_ID);
    expect(resolveConnectWiseClientId({ env: { NODE_ENV: "test" } })).toBe(DEVELOPMENT_CLIENT_ID);
    expect(resolveConnectWiseClientId({ env: { NODE_ENV: "production" }, demo: true })).toBe(DEVELOPMENT_CLIENT_ID);
  });

  it("reads the whole environment at once", () => {
    expect(readConnectWiseEnvironment({ env: { CW_ALLOW_PRIVATE_HOSTS: "1", CW_CLIENT_ID: "x" } })).toEqual({
      clientId: "x",
      allowPrivateHosts: true,
    });
  });

  it("pins the API version in Accept", () => {
    expect(CONNECTWISE_ACCEPT_HEADER).toBe("application/vnd.connectwise.com+json; version=2025.8");
  });
});
