import type { IncomingMessage } from "node:http";

/** What the console may believe about a request's origin. */
export interface TrustedOrigin {
  /** The client's address: the socket's, or the one the trusted proxies recorded. */
  address: string;
  /** The scheme the client used. */
  proto: "http" | "https";
}

function listOf(header: string | string[] | undefined): string[] {
  return (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function plainAddress(address: string): string {
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
}

/**
 * With `hops` trusted proxies in front, each appending the address it received the request from, the
 * client is the entry `hops` places from the right of [X-Forwarded-For..., socket]; anything further
 * left was written by the client and proves nothing. With 0 hops only the socket counts. The scheme
 * follows the same rule on X-Forwarded-Proto.
 */
export function resolveTrustedOrigin(params: {
  hops: number;
  remoteAddress: string | undefined;
  encrypted: boolean;
  forwardedFor?: string | string[];
  forwardedProto?: string | string[];
}): TrustedOrigin {
  const socketProto = params.encrypted ? "https" : "http";
  const chain = [...listOf(params.forwardedFor), params.remoteAddress ?? "unknown"];
  const address = chain[Math.max(0, chain.length - 1 - params.hops)]!;
  let proto: TrustedOrigin["proto"] = socketProto;
  if (params.hops > 0) {
    const protos = listOf(params.forwardedProto);
    const claimed = protos[Math.max(0, protos.length - params.hops)]?.toLowerCase();
    if (claimed === "https" || claimed === "http") proto = claimed;
  }
  return { address: plainAddress(address), proto };
}

/**
 * Rewrites a request's forwarding headers to what is trusted, before Next.js and Auth.js read them:
 * X-Forwarded-For becomes the one client address, X-Forwarded-Proto the scheme, and without trusted
 * proxies the client's own X-Forwarded-Host/Port and X-Real-IP are dropped.
 */
export function applyTrustedForwarding(request: IncomingMessage, hops: number): TrustedOrigin {
  const origin = resolveTrustedOrigin({
    hops,
    remoteAddress: request.socket.remoteAddress,
    encrypted: Boolean((request.socket as { encrypted?: boolean }).encrypted),
    forwardedFor: request.headers["x-forwarded-for"],
    forwardedProto: request.headers["x-forwarded-proto"],
  });
  request.headers["x-forwarded-for"] = origin.address;
  request.headers["x-forwarded-proto"] = origin.proto;
  delete request.headers["x-real-ip"];
  if (hops === 0) {
    delete request.headers["x-forwarded-host"];
    delete request.headers["x-forwarded-port"];
  }
  return origin;
}
