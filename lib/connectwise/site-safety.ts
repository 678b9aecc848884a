/**
 * The site URL is a fetch target chosen by a user, so it must not become a way to reach the server's own
 * network: https only, and no loopback, private, link-local or cloud-metadata address after DNS resolution.
 * CW_ALLOW_PRIVATE_HOSTS=1 (demo, development, tests) lets the local sandbox through, including plain http
 * to a private or loopback address. Metadata, unspecified, multicast and reserved addresses are refused even
 * then: no ConnectWise server lives there.
 */
import { lookup as lookupAddresses } from "node:dns/promises";
import { isIP } from "node:net";
import { SiteNotAllowedError, SiteUnreachableError } from "./errors";

export type AddressCategory =
  "public" | "loopback" | "private" | "link-local" | "metadata" | "unspecified" | "multicast" | "reserved";

export interface SiteSafetyOptions {
  allowPrivateHosts: boolean;
}

export function readAllowPrivateHosts(env: Record<string, string | undefined> = process.env): boolean {
  return env.CW_ALLOW_PRIVATE_HOSTS === "1";
}

/** IPv4 as 4 bytes or IPv6 as 16 bytes; null when the text is not an IP address. */
export function parseIpAddress(text: string): number[] | null {
  const address = text.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const version = isIP(address);
  if (version === 4) return parseIpv4(address);
  if (version === 6) return parseIpv6(address);
  return null;
}

function parseIpv4(address: string): number[] | null {
  const parts = address.split(".");
  if (parts.length !== 4) return null;
  const bytes = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : NaN));
  return bytes.every((byte) => byte >= 0 && byte <= 255) ? bytes : null;
}

function parseIpv6(address: string): number[] | null {
  let text = address.toLowerCase();
  let tailBytes: number[] = [];
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    const ipv4 = parseIpv4(tail);
    if (!ipv4) return null;
    tailBytes = ipv4;
    text = text.slice(0, lastColon + 1) + "0:0";
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const toGroups = (half: string) => (half === "" ? [] : half.split(":"));
  const head = toGroups(halves[0]);
  const rest = halves.length === 2 ? toGroups(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  const bytes: number[] = [];
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return null;
    const value = parseInt(group, 16);
    bytes.push(value >> 8, value & 0xff);
  }
  if (tailBytes.length === 4) bytes.splice(12, 4, ...tailBytes);
  return bytes;
}

function matchesPrefix(bytes: number[], prefix: number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit++) {
    const byteIndex = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((bytes[byteIndex] & mask) !== (prefix[byteIndex] & mask)) return false;
  }
  return true;
}

const IPV4_RANGES: Array<[number[], number, AddressCategory]> = [
  [[169, 254, 169, 254], 32, "metadata"], // AWS, GCP, Azure, OpenStack, DigitalOcean...
  [[100, 100, 100, 200], 32, "metadata"], // Alibaba Cloud
  [[168, 63, 129, 16], 32, "metadata"], // Azure wire server
  [[0, 0, 0, 0], 8, "unspecified"],
  [[127, 0, 0, 0], 8, "loopback"],
  [[10, 0, 0, 0], 8, "private"],
  [[172, 16, 0, 0], 12, "private"],
  [[192, 168, 0, 0], 16, "private"],
  [[100, 64, 0, 0], 10, "private"], // carrier-grade NAT, shared address space
  [[198, 18, 0, 0], 15, "private"], // benchmarking networks
  [[169, 254, 0, 0], 16, "link-local"],
  [[192, 0, 0, 0], 24, "reserved"], // IETF protocol assignments
  [[192, 0, 2, 0], 24, "reserved"], // documentation
  [[198, 51, 100, 0], 24, "reserved"], // documentation
  [[203, 0, 113, 0], 24, "reserved"], // documentation
  [[192, 88, 99, 0], 24, "reserved"], // deprecated 6to4 relay anycast
  [[224, 0, 0, 0], 4, "multicast"],
  [[240, 0, 0, 0], 4, "reserved"], // future use and 255.255.255.255 broadcast
];

function ipv6Prefix(groups: number[]): number[] {
  const bytes: number[] = [];
  for (let index = 0; index < 8; index++) {
    const group = groups[index] ?? 0;
    bytes.push(group >> 8, group & 0xff);
  }
  return bytes;
}

const IPV6_RANGES: Array<[number[], number, AddressCategory]> = [
  [ipv6Prefix([0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254]), 128, "metadata"], // AWS IMDS over IPv6
  [ipv6Prefix([]), 128, "unspecified"],
  [ipv6Prefix([0, 0, 0, 0, 0, 0, 0, 1]), 128, "loopback"],
  [ipv6Prefix([0x0100]), 64, "reserved"], // discard-only
  [ipv6Prefix([0x0064, 0xff9b, 0x0001]), 48, "private"], // local-use NAT64
  [ipv6Prefix([0x2001, 0x0db8]), 32, "reserved"], // documentation
  [ipv6Prefix([0x2001, 0x0000]), 32, "reserved"], // Teredo: tunnels to addresses we cannot check
  [ipv6Prefix([0x2001, 0x0010]), 28, "reserved"], // ORCHID
  [ipv6Prefix([0x3fff]), 20, "reserved"], // documentation (2024)
  [ipv6Prefix([0xfc00]), 7, "private"], // unique local, includes fd00::/8
  [ipv6Prefix([0xfe80]), 10, "link-local"],
  [ipv6Prefix([0xfec0]), 10, "private"], // deprecated site-local
  [ipv6Prefix([0xff00]), 8, "multicast"],
];

function classifyIpv4(bytes: number[]): AddressCategory {
  for (const [prefix, bits, category] of IPV4_RANGES) {
    if (matchesPrefix(bytes, prefix, bits)) return category;
  }
  return "public";
}

function classifyIpv6(bytes: number[]): AddressCategory {
  const firstTenZero = bytes.slice(0, 10).every((byte) => byte === 0);
  // IPv4-mapped ::ffff:a.b.c.d and the old IPv4-compatible ::a.b.c.d reach the IPv4 address.
  if (firstTenZero && bytes[10] === 0xff && bytes[11] === 0xff) return classifyIpv4(bytes.slice(12));
  // NAT64 64:ff9b::a.b.c.d is translated to the embedded IPv4 address.
  if (matchesPrefix(bytes, ipv6Prefix([0x0064, 0xff9b]), 96)) return classifyIpv4(bytes.slice(12));
  // 6to4 2002:AABB:CCDD::/48 tunnels to IPv4 AA.BB.CC.DD.
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return classifyIpv4(bytes.slice(2, 6));
  for (const [prefix, bits, category] of IPV6_RANGES) {
    if (matchesPrefix(bytes, prefix, bits)) return category;
  }
  if (firstTenZero && bytes[10] === 0 && bytes[11] === 0) {
    const embedded = classifyIpv4(bytes.slice(12));
    return embedded === "public" ? "reserved" : embedded;
  }
  return "public";
}

/** What kind of address this is; throws for text that is not an IP address. */
export function classifyIpAddress(address: string): AddressCategory {
  const bytes = parseIpAddress(address);
  if (!bytes) throw new TypeError(`Not an IP address: ${address}`);
  return bytes.length === 4 ? classifyIpv4(bytes) : classifyIpv6(bytes);
}

const CATEGORY_DESCRIPTIONS: Record<AddressCategory, string> = {
  public: "a public address",
  loopback: "a loopback address (this server itself)",
  private: "a private network address",
  "link-local": "a link-local address",
  metadata: "a cloud metadata address",
  unspecified: "an unspecified address",
  multicast: "a multicast address",
  reserved: "a reserved address",
};

const ALLOWED_WITH_PRIVATE_HOSTS = new Set<AddressCategory>(["loopback", "private", "link-local"]);

export interface AddressCheck {
  protocol: string;
  /** How the admin wrote the host, for the message. */
  hostname: string;
  addresses: string[];
}

/**
 * The reason a connection to these addresses is refused, or null when it may go ahead. Every address must
 * pass: a name that resolves to one public and one private address is refused.
 */
export function findAddressRefusal(check: AddressCheck, options: SiteSafetyOptions): string | null {
  const { protocol, hostname, addresses } = check;
  if (protocol !== "https:" && protocol !== "http:") {
    return `The ConnectWise site must be an https:// address; ${protocol.replace(/:$/, "")} is not supported.`;
  }
  if (addresses.length === 0) return `The ConnectWise site ${hostname} has no address to connect to.`;
  const plainHttp = protocol === "http:";
  for (const address of addresses) {
    let category: AddressCategory;
    try {
      category = classifyIpAddress(address);
    } catch {
      return `The ConnectWise site ${hostname} resolved to "${address}", which is not an IP address Billbridge can check.`;
    }
    const resolvedTo =
      address === hostname.replace(/^\[|\]$/g, "") ? `${hostname} is` : `${hostname} resolves to ${address},`;
    if (category === "public") {
      if (plainHttp) {
        return `ConnectWise must be reached over https, so that the API keys are never sent unencrypted. Enter the site as https://${hostname}.`;
      }
      continue;
    }
    if (ALLOWED_WITH_PRIVATE_HOSTS.has(category) && options.allowPrivateHosts) continue;
    const hint = ALLOWED_WITH_PRIVATE_HOSTS.has(category)
      ? " A server operator can allow private addresses for a local test sandbox (CW_ALLOW_PRIVATE_HOSTS=1)."
      : "";
    return (
      `Billbridge refused the ConnectWise site: ${resolvedTo} ${CATEGORY_DESCRIPTIONS[category]}. ` +
      `It only connects to public internet addresses, so that a site URL cannot be used to reach internal systems.${hint}`
    );
  }
  return null;
}

export type ResolveHostname = (hostname: string) => Promise<string[]>;

export const resolveHostnameWithSystemDns: ResolveHostname = async (hostname) => {
  const results = await lookupAddresses(hostname, { all: true, order: "verbatim" });
  return results.map((result) => result.address);
};

/** Host names as given to DNS: brackets stripped from IPv6 literals. */
function unbracket(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, "");
}

/**
 * Resolves the URL's host and checks every address; returns the addresses when allowed, throws
 * SiteNotAllowedError (with the reason) or SiteUnreachableError (no DNS answer) otherwise.
 */
export async function assertSiteUrlAllowed(
  url: string | URL,
  options: SiteSafetyOptions & { resolveHostname?: ResolveHostname },
): Promise<string[]> {
  const parsed = typeof url === "string" ? new URL(url) : url;
  const hostname = parsed.hostname;
  const host = unbracket(hostname);
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    try {
      addresses = await (options.resolveHostname ?? resolveHostnameWithSystemDns)(host);
    } catch (error) {
      throw new SiteUnreachableError(
        `The ConnectWise site ${hostname} could not be found (no DNS record). Check the spelling: it is the host of your ConnectWise login page, for example na.myconnectwise.net.`,
        "dns",
        { cause: error },
      );
    }
  }
  const refusal = findAddressRefusal({ protocol: parsed.protocol, hostname, addresses }, options);
  if (refusal) throw new SiteNotAllowedError(refusal, addresses);
  return addresses;
}
