import { describe, expect, it } from "vitest";
import { resolveTrustedOrigin } from "@/lib/runtime/trusted-forwarding";
import { listenHost, parseEnvironment } from "@/lib/env";

const socket = "203.0.113.9";

describe("the client address and scheme the console trusts", () => {
  it("uses only the socket without trusted proxies, whatever X-Forwarded-For and -Proto claim", () => {
    expect(
      resolveTrustedOrigin({
        hops: 0,
        remoteAddress: socket,
        encrypted: false,
        forwardedFor: "198.51.100.1, 198.51.100.2",
        forwardedProto: "https",
      }),
    ).toEqual({ address: socket, proto: "http" });
    expect(resolveTrustedOrigin({ hops: 0, remoteAddress: "::ffff:127.0.0.1", encrypted: false })).toEqual({
      address: "127.0.0.1",
      proto: "http",
    });
  });

  it("takes the entry the trusted proxies added, from the right, never the client's own", () => {
    // The client wrote 6.6.6.6 itself; the one proxy appended the address it saw.
    const viaOne = { remoteAddress: "10.0.0.2", encrypted: false, forwardedFor: "6.6.6.6, 198.51.100.7" };
    expect(resolveTrustedOrigin({ hops: 1, ...viaOne, forwardedProto: "https" })).toEqual({
      address: "198.51.100.7",
      proto: "https",
    });
    // Two proxies (a CDN, then a load balancer): the CDN's entry is the client.
    expect(
      resolveTrustedOrigin({
        hops: 2,
        remoteAddress: "10.0.0.2",
        encrypted: false,
        forwardedFor: ["6.6.6.6, 198.51.100.7", "192.0.2.80"],
        forwardedProto: "https, http",
      }),
    ).toEqual({ address: "198.51.100.7", proto: "https" });
    // Fewer entries than hops: the left-most there is.
    expect(
      resolveTrustedOrigin({ hops: 3, remoteAddress: "10.0.0.2", encrypted: false, forwardedFor: "198.51.100.7" }),
    ).toMatchObject({ address: "198.51.100.7" });
  });

  it("validates TRUSTED_PROXY_HOPS and keeps the demo on this machine unless HOST is set", () => {
    const base = { AUTH_SECRET: "x".repeat(32), APP_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64") };
    expect(parseEnvironment(base).TRUSTED_PROXY_HOPS).toBe(0);
    expect(parseEnvironment({ ...base, TRUSTED_PROXY_HOPS: "2" }).TRUSTED_PROXY_HOPS).toBe(2);
    expect(() => parseEnvironment({ ...base, TRUSTED_PROXY_HOPS: "-1" })).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(() => parseEnvironment({ ...base, TRUSTED_PROXY_HOPS: "one" })).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(listenHost(parseEnvironment({ ...base, BILLBRIDGE_DEMO: "1" }))).toBe("127.0.0.1");
    expect(listenHost(parseEnvironment({ ...base, BILLBRIDGE_DEMO: "1", HOST: "0.0.0.0" }))).toBe("0.0.0.0");
    expect(listenHost(parseEnvironment(base))).toBe("0.0.0.0");
  });
});
