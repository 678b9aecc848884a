// Operator controls: settings (rate limit, latency, faults), "next N requests fail", the request log
// and counters. No HTTP here; server.ts and admin.ts call into it.
import { DEFAULT_RATE_LIMIT_PER_MINUTE, RATE_LIMIT_WINDOW_MS, REQUEST_LOG_LIMIT } from "./choices";
import { createRandom, type Random } from "./random";

export interface FaultSettings {
  error500: number; // probability of a 500 without touching state
  drop: number; // probability of a dropped connection without touching state
  ghostWrite: number; // probability that a write is applied, then answered with a 500 or a drop
  paths?: string[]; // only requests whose path contains one of these
}

export interface SandboxSettings {
  rateLimitPerMinute: number | null;
  latencyMs: number;
  latencyJitterMs: number;
  faults: FaultSettings;
  emulateCloud404OnBadAuth: boolean;
}

export type FailureKind = "500" | "drop" | "ghost-500" | "ghost-drop" | "429";
export const FAILURE_KINDS: readonly FailureKind[] = ["500", "drop", "ghost-500", "ghost-drop", "429"];

export interface FailureFilter {
  method?: string;
  pathIncludes?: string;
}

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  pathTemplate: string;
  query: string;
  status: number; // 0 when the connection was dropped
  member: string | null;
  durationMs: number;
  fault?: FailureKind;
  requestId: string;
}

export function createDefaultSettings(): SandboxSettings {
  return {
    rateLimitPerMinute: DEFAULT_RATE_LIMIT_PER_MINUTE,
    latencyMs: 0,
    latencyJitterMs: 0,
    faults: { error500: 0, drop: 0, ghostWrite: 0 },
    emulateCloud404OnBadAuth: false,
  };
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export class Operator {
  settings: SandboxSettings = createDefaultSettings();
  private failures: Array<{ remaining: number; kind: FailureKind; filter?: FailureFilter }> = [];
  private entries: RequestLogEntry[] = [];
  private counts = new Map<string, number>();
  private windows = new Map<string, number[]>();
  private random: Random;

  constructor(private readonly seed: number) {
    this.random = createRandom(seed ^ 0xfa017);
  }

  configure(changes: Partial<SandboxSettings>): void {
    const next: SandboxSettings = {
      ...this.settings,
      ...changes,
      faults: { ...this.settings.faults, ...(changes.faults ?? {}) },
    };
    for (const key of ["error500", "drop", "ghostWrite"] as const) {
      const value = next.faults[key];
      if (typeof value !== "number" || value < 0 || value > 1)
        throw new Error(`faults.${key} must be a probability between 0 and 1`);
    }
    if (
      next.rateLimitPerMinute !== null &&
      (!Number.isInteger(next.rateLimitPerMinute) || next.rateLimitPerMinute < 1)
    ) {
      throw new Error("rateLimitPerMinute must be a positive integer or null");
    }
    if (!(next.latencyMs >= 0) || !(next.latencyJitterMs >= 0))
      throw new Error("latency must be zero or more milliseconds");
    this.settings = next;
  }

  failNext(count: number, kind: FailureKind, filter?: FailureFilter): void {
    if (!Number.isInteger(count) || count < 1) throw new Error("count must be a positive integer");
    if (!FAILURE_KINDS.includes(kind)) throw new Error(`kind must be one of ${FAILURE_KINDS.join(", ")}`);
    this.failures.push({ remaining: count, kind, filter });
  }

  readLatency(): number {
    const { latencyMs, latencyJitterMs } = this.settings;
    return latencyMs + (latencyJitterMs > 0 ? this.random.next() * latencyJitterMs : 0);
  }

  // Decides whether this request fails, and how. Queued failures win over random faults.
  takeFault(method: string, path: string): FailureKind | undefined {
    const queued = this.failures.find(
      (failure) =>
        (!failure.filter?.method || failure.filter.method.toUpperCase() === method) &&
        (!failure.filter?.pathIncludes || path.includes(failure.filter.pathIncludes)),
    );
    if (queued) {
      queued.remaining--;
      if (queued.remaining === 0) this.failures.splice(this.failures.indexOf(queued), 1);
      return queued.kind;
    }
    const { faults } = this.settings;
    if (faults.paths && faults.paths.length > 0 && !faults.paths.some((fragment) => path.includes(fragment)))
      return undefined;
    if (faults.error500 > 0 || faults.drop > 0) {
      const roll = this.random.next();
      if (roll < faults.error500) return "500";
      if (roll < faults.error500 + faults.drop) return "drop";
    }
    if (faults.ghostWrite > 0 && WRITE_METHODS.has(method) && this.random.chance(faults.ghostWrite)) {
      return this.random.chance(0.5) ? "ghost-500" : "ghost-drop";
    }
    return undefined;
  }

  // Returns the seconds to wait when the member is over its limit; counts the request otherwise.
  checkRateLimit(member: string, nowMs: number): number | undefined {
    const limit = this.settings.rateLimitPerMinute;
    if (limit === null) return undefined;
    const recent = (this.windows.get(member) ?? []).filter((time) => time > nowMs - RATE_LIMIT_WINDOW_MS);
    this.windows.set(member, recent);
    if (recent.length >= limit) return Math.max(1, Math.ceil((recent[0] + RATE_LIMIT_WINDOW_MS - nowMs) / 1000));
    recent.push(nowMs);
    return undefined;
  }

  record(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > REQUEST_LOG_LIMIT) this.entries.splice(0, this.entries.length - REQUEST_LOG_LIMIT);
    const key = `${entry.method} ${entry.pathTemplate} ${entry.status}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  requests(): RequestLogEntry[] {
    return [...this.entries];
  }

  counters(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  clearLog(): void {
    this.entries = [];
    this.counts = new Map();
  }

  resetSettings(): void {
    this.settings = createDefaultSettings();
    this.failures = [];
    this.windows = new Map();
    this.random = createRandom(this.seed ^ 0xfa017);
  }
}
