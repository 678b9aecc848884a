/**
 * RFC 9457 problem documents: every platform API error is `application/problem+json` with a `type`,
 * `title`, `status` and `detail`, and validation errors list each problem in `errors`.
 */
import type { z } from "zod";

export interface ProblemFieldError {
  path: string;
  message: string;
  index?: number;
  externalId?: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: ProblemFieldError[];
}

const problemTypeBase = "https://billbridge.example/problems/";

const titles: Record<number, [slug: string, title: string]> = {
  400: ["bad-request", "Bad request"],
  401: ["unauthorized", "Unauthorized"],
  403: ["forbidden", "Forbidden"],
  404: ["not-found", "Not found"],
  405: ["method-not-allowed", "Method not allowed"],
  409: ["conflict", "Conflict"],
  413: ["payload-too-large", "Request body too large"],
  415: ["unsupported-media-type", "Unsupported media type"],
  422: ["validation", "Validation failed"],
  429: ["rate-limited", "Too many requests"],
  500: ["internal", "Internal server error"],
};

/** An error a platform API handler throws to answer with a problem document. */
export class ProblemError extends Error {
  constructor(
    public readonly status: number,
    public readonly detail: string,
    public readonly errors?: ProblemFieldError[],
    public readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "ProblemError";
  }
}

export function buildProblem(status: number, detail: string, errors?: ProblemFieldError[]): Problem {
  const [slug, title] = titles[status] ?? ["error", "Error"];
  return { type: `${problemTypeBase}${slug}`, title, status, detail, ...(errors ? { errors } : {}) };
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": "application/problem+json; charset=utf-8", ...headers },
  });
}

/** The zod issues of a request as problem field errors, paths joined with dots. */
export function issuesToFieldErrors(
  issues: ReadonlyArray<z.core.$ZodIssue>,
  prefix: string[] = [],
): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        errors.push({ path: [...prefix, ...issue.path.map(String), key].join("."), message: `Unknown field "${key}"` });
      continue;
    }
    if (issue.code === "invalid_key" || (issue.code === "invalid_union" && "issues" in issue)) {
      // A record key that is not a SKU: name the key itself.
      errors.push({ path: [...prefix, ...issue.path.map(String)].join("."), message: issue.message });
      continue;
    }
    errors.push({ path: [...prefix, ...issue.path.map(String)].join(".") || "(body)", message: issue.message });
  }
  return errors;
}
