import type { z } from "zod";
import { issuesToFieldErrors, ProblemError, type ProblemFieldError } from "./problem";

/**
 * Parses a request part with its contract schema; any issue → 422 listing every one. In a batch
 * (`organizations: [...]`), each error also names the organization's index and externalId.
 */
export function parseRequest<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  options: { prefix?: string[]; detail?: string } = {},
): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ProblemError(
    422,
    options.detail ?? "The request is not valid; see `errors`. Nothing was changed.",
    withBatchPositions(issuesToFieldErrors(parsed.error.issues, options.prefix), value),
  );
}

function withBatchPositions(errors: ProblemFieldError[], body: unknown): ProblemFieldError[] {
  const entries = (body as { organizations?: unknown } | null)?.organizations;
  if (!Array.isArray(entries)) return errors;
  return errors.map((error) => {
    const match = /^organizations\.(\d+)(\.|$)/.exec(error.path);
    if (!match) return error;
    const index = Number(match[1]);
    const externalId = (entries[index] as { externalId?: unknown } | undefined)?.externalId;
    return { ...error, index, ...(typeof externalId === "string" ? { externalId } : {}) };
  });
}

/** A dynamic path segment, percent-decoded; a malformed escape is kept as sent (and then fails validation or lookup). */
export function pathParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
