/**
 * RFC 9457 problem documents (application/problem+json): every error of /api/v1 is one of these,
 * with a stable `type` URI per kind of problem.
 */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Per-field messages of a validation problem. */
  errors?: Record<string, string>;
}

export function problemResponse(problem: ProblemDocument, init: { headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": "application/problem+json", ...init.headers },
  });
}

const problemBase = "https://billbridge.invalid/problems";

export const problems = {
  unauthorized: (detail: string) =>
    problemResponse(
      { type: `${problemBase}/unauthorized`, title: "Unauthorized", status: 401, detail },
      { headers: { "www-authenticate": 'Bearer realm="billbridge-platform"' } },
    ),
  notConfigured: (detail: string) =>
    problemResponse({ type: `${problemBase}/not-configured`, title: "Not configured", status: 503, detail }),
  invalidBody: (detail: string, errors?: Record<string, string>) =>
    problemResponse({ type: `${problemBase}/validation`, title: "Invalid request body", status: 400, detail, errors }),
  conflict: (detail: string, errors?: Record<string, string>) =>
    problemResponse({ type: `${problemBase}/conflict`, title: "Conflict", status: 409, detail, errors }),
  internal: () =>
    problemResponse({
      type: `${problemBase}/internal`,
      title: "Internal error",
      status: 500,
      detail: "Something went wrong on our side. Try again; if it keeps happening, check the server log.",
    }),
};
