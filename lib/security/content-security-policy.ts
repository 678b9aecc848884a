/**
 * The Content-Security-Policy of every page, with a fresh nonce per request. Scripts run only when they
 * carry the nonce (Next.js puts it on its own scripts, reading it from the request's policy) or are
 * loaded by one that does ('strict-dynamic'); no inline script or attribute handler runs otherwise.
 *
 * Styles keep 'unsafe-inline': React renders `style` attributes (Radix positions its popovers, menus and
 * tooltips with them) and sonner injects its stylesheet at run time; a nonce cannot cover either, and a
 * nonce in style-src would switch 'unsafe-inline' off. Styles cannot run code.
 */
export function contentSecurityPolicy(params: { nonce: string; https: boolean; development: boolean }): string {
  const directives = [
    "default-src 'self'",
    // Development's hot reload evaluates code and talks over a WebSocket.
    `script-src 'self' 'nonce-${params.nonce}' 'strict-dynamic'${params.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${params.development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(params.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** 128 random bits, base64: unguessable, fresh for each request. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
