import { createRequire } from "node:module";
import pino, { type DestinationStream, type Logger } from "pino";

/**
 * Billbridge's one logger: JSON lines on stdout (pino), pretty-printed in development when pino-pretty
 * (a development dependency) is installed. Every line of a job carries the ids of what it works on
 * (`workspaceId`, `mappingId`, `runId`, `jobId`) through child loggers. Secret-bearing fields are
 * redacted wherever they appear, and nothing logs a request's headers or a credential's value.
 */
export type { Logger } from "pino";

export interface LogBindings {
  workspaceId?: string;
  mappingId?: string;
  runId?: string;
  jobId?: string;
  job?: string;
  [key: string]: unknown;
}

const redactedKeys = [
  "privateKey",
  "password",
  "passwordHash",
  "secret",
  "token",
  "authorization",
  "cookie",
  "apiKey",
  "smtpUrl",
];

export const redactPaths = [
  ...redactedKeys,
  ...redactedKeys.map((key) => `*.${key}`),
  ...redactedKeys.map((key) => `*.*.${key}`),
  'headers["authorization"]',
  'headers["cookie"]',
];

interface LoggingState {
  root?: Logger;
}

// Shared on globalThis so the start script, the workers and Next's bundled route handlers log through
// the same instance (and a test's destination reaches all of them).
const globalForLogging = globalThis as typeof globalThis & { __billbridgeLogging?: LoggingState };
const state: LoggingState = (globalForLogging.__billbridgeLogging ??= {});

function prettyTransportAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve("pino-pretty");
    return true;
  } catch {
    return false;
  }
}

function level(): string {
  const configured = process.env.LOG_LEVEL;
  if (configured && ["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(configured))
    return configured;
  return process.env.NODE_ENV === "test" ? "warn" : "info";
}

function createRootLogger(destination?: DestinationStream): Logger {
  const options = {
    level: level(),
    base: { service: "billbridge" },
    redact: { paths: redactPaths, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (destination) return pino(options, destination);
  const pretty =
    process.env.LOG_FORMAT === "pretty" ||
    (process.env.NODE_ENV === "development" && process.env.LOG_FORMAT !== "json");
  if (pretty && prettyTransportAvailable()) {
    return pino({ ...options, transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss" } } });
  }
  return pino(options);
}

/** The process's root logger. */
export function getLogger(): Logger {
  state.root ??= createRootLogger();
  return state.root;
}

/** A child logger carrying the given ids on every line. */
export function logFor(bindings: LogBindings): Logger {
  const defined = Object.fromEntries(Object.entries(bindings).filter(([, value]) => value !== undefined));
  return getLogger().child(defined);
}

/** Sends every later line to `destination` at `levelName` (tests read what a run logged). */
export function setLogDestination(destination: DestinationStream, levelName = "info"): void {
  state.root = createRootLogger(destination);
  state.root.level = levelName;
}

/** Back to stdout. */
export function resetLogDestination(): void {
  state.root = undefined;
}

/** An error as log fields: its name and message (never its cause chain, which may hold a request). */
export function errorFields(error: unknown): { error: { name: string; message: string; code?: string } } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      error: { name: error.name, message: error.message, ...(typeof code === "string" ? { code } : {}) },
    };
  }
  return { error: { name: "Error", message: String(error) } };
}
