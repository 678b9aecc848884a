export const dynamic = "force-static";

// No inline script: the configuration is a JSON data block (never executed) and the reference is a
// script from our own origin, so the page works under a nonce-based Content-Security-Policy.
const configuration = JSON.stringify({
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: true,
  showDeveloperTools: "never",
  agent: { disabled: true },
  mcp: { disabled: true },
});

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Billbridge platform API reference</title>
  </head>
  <body>
    <noscript>The reference needs JavaScript. The OpenAPI document itself is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</noscript>
    <script id="api-reference" type="application/json" data-url="/api/v1/openapi.json" data-configuration='${configuration}'></script>
    <script src="/api/v1/docs/scalar.js"></script>
  </body>
</html>
`;

/** The interactive reference of the platform API (Scalar), served entirely by the console. */
export function GET(): Response {
  return new Response(page, { headers: { "content-type": "text/html; charset=utf-8" } });
}
