import net from "node:net";
import { describe, expect, it } from "vitest";
import { isLoopbackAddress, takeJailViolations } from "../setup/network-jail.mjs";

/** Connects and reports how the attempt ended: "connected" or the error's message. */
function attempt(options: net.NetConnectOpts): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(options);
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error) => resolve(error.message));
  });
}

describe("the test-wide network jail", () => {
  it("refuses a connection to an address outside loopback before any packet leaves", async () => {
    // 192.0.2.0/24 is TEST-NET-1 (documentation only): nothing answers there even if the jail failed.
    const outcome = await attempt({ host: "192.0.2.1", port: 9 });
    expect(outcome).toBe("network jail: refused a connection to 192.0.2.1:9; tests may only reach 127.0.0.0/8 and ::1");
    expect(takeJailViolations()).toEqual(["192.0.2.1:9"]);
  });

  it("refuses a name that resolves outside loopback", async () => {
    const outcome = await attempt({
      host: "metadata.example",
      port: 80,
      lookup: (_hostname, _options, callback) =>
        (callback as (e: null, a: string, f: number) => void)(null, "169.254.169.254", 4),
    });
    expect(outcome).toBe(
      "network jail: refused a connection to metadata.example (169.254.169.254):80; tests may only reach 127.0.0.0/8 and ::1",
    );
    expect(takeJailViolations()).toEqual(["metadata.example (169.254.169.254):80"]);
  });

  it("lets loopback through", async () => {
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    expect(await attempt({ host: "127.0.0.1", port })).toBe("connected");
    expect(await attempt({ host: "localhost", port, family: 4 })).toBe("connected");
    await new Promise((resolve) => server.close(resolve));
    expect(takeJailViolations()).toEqual([]);
  });

  it("tells loopback from everything else", () => {
    for (const address of ["127.0.0.1", "127.255.0.9", "::1", "::ffff:127.0.0.1"])
      expect(isLoopbackAddress(address)).toBe(true);
    for (const address of [
      "10.1.2.3",
      "169.254.169.254",
      "192.168.0.1",
      "8.8.8.8",
      "::ffff:10.0.0.1",
      "fe80::1",
      "localhost",
    ])
      expect(isLoopbackAddress(address)).toBe(false);
  });

  it("is handed to every Node process the tests start", () => {
    expect(process.env.NODE_OPTIONS).toContain("network-jail.mjs");
  });
});
