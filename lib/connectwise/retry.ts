/**
 * When to try a ConnectWise request again and how long to wait, as pure functions.
 * GETs are retried on server errors and network failures with exponential backoff and full jitter (ConnectWise's
 * own advice). Any request that got 429 is safe to repeat, because ConnectWise applied nothing: we wait what
 * Retry-After says. Writes are never repeated after anything else: they may have been applied.
 */

export interface RetryPolicy {
  /** Attempts of one GET when it meets server errors or network failures, the first included. */
  maxAttempts: number;
  /** Backoff ceiling of the first retry; doubles each retry. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Wait used when a 429 carries no Retry-After; doubles with each further 429 of the same request. */
  defaultRetryAfterSeconds: number;
  /** Longest single wait for a 429; a longer Retry-After fails the request with RateLimitedError instead. */
  maxRateLimitWaitMs: number;
  /** 429s one request may meet before failing with RateLimitedError. */
  maxRateLimitRetries: number;
  /** Multiplies every Retry-After wait (tests run ConnectWise's 30 s at 0.001 to stay fast). */
  retryAfterScale: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  defaultRetryAfterSeconds: 30,
  maxRateLimitWaitMs: 120_000,
  maxRateLimitRetries: 5,
  retryAfterScale: 1,
};

/** Methods whose repetition cannot change anything in ConnectWise. */
export function isSafeToRepeat(method: string): boolean {
  const upper = method.toUpperCase();
  return upper === "GET" || upper === "HEAD";
}

/**
 * Full jitter: a uniformly random wait between 0 and min(maxDelay, base × 2^(retry-1)).
 * `retryNumber` is 1 for the first retry. `random` returns a number in [0, 1).
 */
export function computeBackoffDelay(
  retryNumber: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">,
  random: () => number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After as seconds: either delay-seconds or an HTTP date. Null when absent or unreadable. */
export function parseRetryAfterSeconds(value: string | null | undefined, nowMs: number): number | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (trimmed === "") return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  // An HTTP date always names its day and month ("Sun, 01 Jun 2025 12:00:45 GMT"); bare numbers like "-5"
  // would otherwise be read as years.
  if (!/[a-z]{3}/i.test(trimmed)) return null;
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return null;
  return Math.max(0, Math.ceil((dateMs - nowMs) / 1000));
}

/**
 * How long to wait before repeating a request that got its `rateLimitCount`-th 429 (1 for the first).
 * Honours Retry-After; without one, 30 s doubling (30, 60, 120...) as in ConnectWise's sample handler.
 */
export function computeRateLimitWait(
  retryAfterSeconds: number | null,
  rateLimitCount: number,
  policy: Pick<RetryPolicy, "defaultRetryAfterSeconds" | "retryAfterScale">,
): number {
  const seconds = retryAfterSeconds ?? policy.defaultRetryAfterSeconds * 2 ** Math.max(0, rateLimitCount - 1);
  return Math.round(seconds * 1000 * policy.retryAfterScale);
}

export type AttemptOutcome =
  { kind: "response"; status: number; retryAfterSeconds: number | null } | { kind: "network-error" };

export type RetryDecision =
  | { retry: true; delayMs: number }
  | {
      retry: false;
      reason: "success" | "not-retryable" | "attempts-exhausted" | "rate-limit-too-long" | "rate-limit-exhausted";
    };

export interface AttemptHistory {
  /** Failures so far that count against maxAttempts (server errors and network failures). */
  failedAttempts: number;
  /** 429s so far, this one included when the outcome is a 429. */
  rateLimitCount: number;
}

/** Whether and when to repeat a request after the outcome of one attempt. */
export function decideRetry(
  method: string,
  outcome: AttemptOutcome,
  history: AttemptHistory,
  policy: RetryPolicy,
  random: () => number,
): RetryDecision {
  if (outcome.kind === "response" && outcome.status === 429) {
    if (history.rateLimitCount > policy.maxRateLimitRetries) return { retry: false, reason: "rate-limit-exhausted" };
    const delayMs = computeRateLimitWait(outcome.retryAfterSeconds, history.rateLimitCount, policy);
    if (delayMs > policy.maxRateLimitWaitMs) return { retry: false, reason: "rate-limit-too-long" };
    return { retry: true, delayMs };
  }
  if (outcome.kind === "response" && outcome.status < 400) return { retry: false, reason: "success" };
  const retryable = outcome.kind === "network-error" || outcome.status >= 500;
  if (!retryable || !isSafeToRepeat(method)) return { retry: false, reason: "not-retryable" };
  if (history.failedAttempts >= policy.maxAttempts) return { retry: false, reason: "attempts-exhausted" };
  return { retry: true, delayMs: computeBackoffDelay(history.failedAttempts, policy, random) };
}
