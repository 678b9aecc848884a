import { describe, expect, it } from "vitest";
import { SiteNotAllowedError, SiteUnreachableError } from "@/lib/connectwise/errors";
import {
  assertSiteUrlAllowed,
  classifyIpAddress,
  findAddressRefusal,
  parseIpAddress,
  readAllowPrivateHosts,
} from "@/lib/connectwise/site-safety";

describe("classifyIpAddress", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["52.1.2.3", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.0.0.5", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["169.254.10.10", "link-local"],
    ["169.254.169.254", "metadata"],
    ["100.100.100.200", "metadata"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["192.0.2.10", "reserved"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:169.254.169.254", "metadata"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:8.8.8.8", "public"],
    ["64:ff9b::a9fe:a9fe", "metadata"],
    ["2002:0a00:0001::1", "private"],
    ["fd00::1", "private"],
    ["fc12:3456::1", "private"],
    ["fd00:ec2::254", "metadata"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "reserved"],
    ["2606:4700:4700::1111", "public"],
    ["[::1]", "loopback"],
  ])("%s is %s", (address, category) => {
    expect(classifyIpAddress(address)).toBe(category);
  });

  it("parses IPv6 with an embedded IPv4 tail and refuses non-addresses", () => {
    expect(parseIpAddress("::ffff:1.2.3.4")).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]);
    expect(parseIpAddress("localhost")).toBeNull();
    expect(() => classifyIpAddress("example.com")).toThrow(TypeError);
  });
});

describe("findAddressRefusal", () => {
  const strict = { allowPrivateHosts: false };
  const relaxed = { allowPrivateHosts: true };

  it("lets https to public addresses through", () => {
    expect(
      findAddressRefusal(
        { protocol: "https:", hostname: "na.myconnectwise.net", addresses: ["52.1.2.3", "2606:4700::1"] },
        strict,
      ),
    ).toBeNull();
  });

  it("refuses plain http to a public host, saying https is required", () => {
    expect(
      findAddressRefusal({ protocol: "http:", hostname: "na.myconnectwise.net", addresses: ["52.1.2.3"] }, relaxed),
    ).toMatch(/must be reached over https/);
  });

  it("refuses a host when any one of its addresses is private, and says which", () => {
    const reason = findAddressRefusal(
      { protocol: "https:", hostname: "cw.example.com", addresses: ["52.1.2.3", "10.0.0.7"] },
      strict,
    );
    expect(reason).toMatch(/cw\.example\.com resolves to 10\.0\.0\.7, a private network address/);
    expect(reason).toMatch(/only connects to public internet addresses/);
  });

  it("allows loopback, private and link-local over http or https only with CW_ALLOW_PRIVATE_HOSTS", () => {
    for (const address of ["127.0.0.1", "::1", "10.1.1.1", "fd00::5", "169.254.3.3"]) {
      expect(findAddressRefusal({ protocol: "http:", hostname: "sandbox", addresses: [address] }, relaxed)).toBeNull();
      expect(findAddressRefusal({ protocol: "https:", hostname: "sandbox", addresses: [address] }, strict)).toMatch(
        /refused/,
      );
    }
  });

  it("never allows metadata, unspecified or multicast addresses", () => {
    for (const address of [
      "169.254.169.254",
      "::ffff:169.254.169.254",
      "fd00:ec2::254",
      "0.0.0.0",
      "::",
      "239.1.1.1",
    ]) {
      const reason = findAddressRefusal({ protocol: "https:", hostname: address, addresses: [address] }, relaxed);
      expect(reason).not.toBeNull();
      expect(reason).not.toMatch(/CW_ALLOW_PRIVATE_HOSTS/);
    }
    expect(
      findAddressRefusal({ protocol: "https:", hostname: "169.254.169.254", addresses: ["169.254.169.254"] }, relaxed),
    ).toMatch(/169\.254\.169\.254 is a cloud metadata address/);
  });

  it("refuses other schemes and empty answers", () => {
    expect(findAddressRefusal({ protocol: "file:", hostname: "x", addresses: ["8.8.8.8"] }, relaxed)).toMatch(
      /https:\/\//,
    );
    expect(findAddressRefusal({ protocol: "https:", hostname: "x", addresses: [] }, relaxed)).toMatch(/no address/);
  });
});

describe("assertSiteUrlAllowed", () => {
  it("resolves localhost and refuses it unless private hosts are allowed", async () => {
    await expect(assertSiteUrlAllowed("https://localhost:4010/", { allowPrivateHosts: false })).rejects.toThrow(
      SiteNotAllowedError,
    );
    await expect(assertSiteUrlAllowed("https://localhost:4010/", { allowPrivateHosts: false })).rejects.toThrow(
      /localhost resolves to .*loopback/,
    );
    const addresses = await assertSiteUrlAllowed("http://localhost:4010/", { allowPrivateHosts: true });
    expect(addresses.length).toBeGreaterThan(0);
  });

  it("checks IP literals without DNS, IPv6 mapped forms included", async () => {
    await expect(
      assertSiteUrlAllowed("https://169.254.169.254/latest/meta-data", { allowPrivateHosts: true }),
    ).rejects.toThrow(/metadata/);
    await expect(assertSiteUrlAllowed("https://[::ffff:127.0.0.1]/", { allowPrivateHosts: false })).rejects.toThrow(
      /loopback/,
    );
    await expect(assertSiteUrlAllowed("https://2130706433/", { allowPrivateHosts: false })).rejects.toThrow(
      /127\.0\.0\.1 is a loopback/,
    );
    await expect(assertSiteUrlAllowed("https://8.8.8.8/", { allowPrivateHosts: false })).resolves.toEqual(["8.8.8.8"]);
    await expect(assertSiteUrlAllowed("http://8.8.8.8/", { allowPrivateHosts: true })).rejects.toThrow(/https/);
  });

  it("reports a name without DNS records as unreachable", async () => {
    const error = await assertSiteUrlAllowed("https://no-such-host.invalid/", { allowPrivateHosts: false }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SiteUnreachableError);
    expect((error as SiteUnreachableError).reason).toBe("dns");
  });

  it("reads CW_ALLOW_PRIVATE_HOSTS only as exactly 1", () => {
    expect(readAllowPrivateHosts({ CW_ALLOW_PRIVATE_HOSTS: "1" })).toBe(true);
    expect(readAllowPrivateHosts({ CW_ALLOW_PRIVATE_HOSTS: "true" })).toBe(false);
    expect(readAllowPrivateHosts({})).toBe(false);
  });
});
