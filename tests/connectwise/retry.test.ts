import { describe, expect, it } from "vitest";
import {
  computeBackoffDelay,
  computeRateLimitWait,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  isSafeToRepeat,
  parseRetryAfterSeconds,
  type RetryPolicy,
} from "@/lib/connectwise/retry";

const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 4 };

describe("computeBackoffDelay (full jitter)", () => {
  it("draws between 0 and a ceiling that doubles per retry up to the maximum", () => {
    const ceilings = [1, 2, 3, 4, 5, 6].map((retry) => computeBackoffDelay(retry, policy, () => 0.999999));
    expect(ceilings).toEqual([99, 199, 399, 799, 999, 999]);
    expect(computeBackoffDelay(3, policy, () => 0)).toBe(0);
    expect(computeBackoffDelay(3, policy, () => 0.5)).toBe(200);
  });
});

describe("parseRetryAfterSeconds", () => {
  const now = Date.parse("2025-06-01T12:00:00Z");
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfterSeconds("30", now)).toBe(30);
    expect(parseRetryAfterSeconds(" 1.5 ", now)).toBe(1.5);
    expect(parseRetryAfterSeconds("Sun, 01 Jun 2025 12:00:45 GMT", now)).toBe(45);
    expect(parseRetryAfterSeconds("Sun, 01 Jun 2025 11:00:00 GMT", now)).toBe(0);
  });
  it("returns null when absent or unreadable", () => {
    expect(parseRetryAfterSeconds(null, now)).toBeNull();
    expect(parseRetryAfterSeconds("", now)).toBeNull();
    expect(parseRetryAfterSeconds("soon", now)).toBeNull();
    expect(parseRetryAfterSeconds("-5", now)).toBeNull();
  });
});

describe("computeRateLimitWait", () => {
  it("honours Retry-After, scaled", () => {
    expect(computeRateLimitWait(7, 1, policy)).toBe(7_000);
    expect(computeRateLimitWait(30, 1, { ...policy, retryAfterScale: 0.001 })).toBe(30);
  });
  it("without Retry-After waits 30 s, doubling per further 429", () => {
    expect([1, 2, 3].map((count) => computeRateLimitWait(null, count, policy))).toEqual([30_000, 60_000, 120_000]);
  });
});

describe("decideRetry", () => {
  const random = () => 0.5;
  const first = { failedAttempts: 1, rateLimitCount: 0 };

  it("retries GETs on server errors and network failures until attempts run out", () => {
    expect(
      decideRetry("GET", { kind: "response", status: 503, retryAfterSeconds: null }, first, policy, random),
    ).toEqual({ retry: true, delayMs: 50 });
    expect(
      decideRetry("GET", { kind: "network-error" }, { failedAttempts: 2, rateLimitCount: 0 }, policy, random),
    ).toEqual({ retry: true, delayMs: 100 });
    expect(
      decideRetry(
        "GET",
        { kind: "response", status: 500, retryAfterSeconds: null },
        { failedAttempts: 4, rateLimitCount: 0 },
        policy,
        random,
      ),
    ).toEqual({
      retry: false,
      reason: "attempts-exhausted",
    });
  });

  it("never retries a write after a server error or a network failure", () => {
    for (const method of ["POST", "PATCH", "PUT", "DELETE"]) {
      expect(
        decideRetry(method, { kind: "response", status: 500, retryAfterSeconds: null }, first, policy, random),
      ).toEqual({ retry: false, reason: "not-retryable" });
      expect(decideRetry(method, { kind: "network-error" }, first, policy, random)).toEqual({
        retry: false,
        reason: "not-retryable",
      });
    }
  });

  it("never retries other client errors", () => {
    for (const status of [400, 401, 403, 404, 409]) {
      expect(
        decideRetry(
          "GET",
          { kind: "response", status, retryAfterSeconds: null },
          { failedAttempts: 0, rateLimitCount: 0 },
          policy,
          random,
        ).retry,
      ).toBe(false);
    }
  });

  it("repeats any method after a 429, waiting what ConnectWise asked", () => {
    const limited = { failedAttempts: 0, rateLimitCount: 1 };
    expect(
      decideRetry("POST", { kind: "response", status: 429, retryAfterSeconds: 2 }, limited, policy, random),
    ).toEqual({ retry: true, delayMs: 2_000 });
    expect(
      decideRetry(
        "GET",
        { kind: "response", status: 429, retryAfterSeconds: null },
        { failedAttempts: 0, rateLimitCount: 2 },
        policy,
        random,
      ),
    ).toEqual({
      retry: true,
      delayMs: 60_000,
    });
  });

  it("gives up on a 429 whose wait is too long or after too many 429s", () => {
    expect(
      decideRetry(
        "GET",
        { kind: "response", status: 429, retryAfterSeconds: 600 },
        { failedAttempts: 0, rateLimitCount: 1 },
        policy,
        random,
      ),
    ).toEqual({
      retry: false,
      reason: "rate-limit-too-long",
    });
    expect(
      decideRetry(
        "GET",
        { kind: "response", status: 429, retryAfterSeconds: 1 },
        { failedAttempts: 0, rateLimitCount: 6 },
        policy,
        random,
      ),
    ).toEqual({
      retry: false,
      reason: "rate-limit-exhausted",
    });
  });

  it("knows which methods are safe to repeat", () => {
    expect(isSafeToRepeat("get")).toBe(true);
    expect(isSafeToRepeat("POST")).toBe(false);
  });
});
