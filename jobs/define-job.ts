import type { z } from "zod";
import type { QueuePolicy } from "pg-boss";
import type { Database } from "@/db";

export interface JobContext {
  db: Database;
  jobId: string;
  /** 0 on the first attempt. */
  retryCount: number;
  log: (message: string, details?: Record<string, unknown>) => void;
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  limit: number;
  delaySeconds: number;
  backoff: boolean;
  maxDelaySeconds?: number;
}

/**
 * What sending a job needs: its queue name, payload schema and the queue's options (jobs/queues.ts).
 * Senders import only this, never a handler, so sending a job never loads the workers' code.
 */
export interface JobQueue<Schema extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  schema: Schema;
  retry: RetryPolicy;
  policy?: QueuePolicy;
  expireInSeconds?: number;
  /**
   * When set, a running job sends a heartbeat every half of this many seconds, and a job whose worker
   * died (killed, crashed) is retried once the heartbeat is missed instead of after expireInSeconds.
   */
  heartbeatSeconds?: number;
}

export function defineQueue<Schema extends z.ZodType>(queue: JobQueue<Schema>): JobQueue<Schema> {
  return queue;
}

/** A job as data: its queue, how many run at once, its schedule and its handler. Registered in jobs/registry.ts. */
export interface JobDefinition<Schema extends z.ZodType = z.ZodType> extends JobQueue<Schema> {
  /** Jobs run at once per worker process. */
  concurrency?: number;
  /**
   * Extra jobs run at once per worker process that take only jobs of at least this priority, so those
   * start while the ordinary capacity is busy with a backlog.
   */
  reserved?: { minPriority: number; concurrency: number };
  /** A cron schedule (UTC) with the payload to send each time. */
  schedule?: { cron: string; payload: z.input<Schema> };
  handler: (payload: z.output<Schema>, context: JobContext) => Promise<unknown>;
  /**
   * Called when the process stops while this job's handler is still running after the stop's grace
   * time: pg-boss has handed the job back (retried when `willRetry`, failed otherwise), and whatever
   * the handler recorded as "in progress" must say so.
   */
  interrupted?: (payload: z.output<Schema>, context: { db: Database; willRetry: boolean }) => Promise<void>;
}

export function defineJob<Schema extends z.ZodType>(definition: JobDefinition<Schema>): JobDefinition<Schema> {
  return definition;
}

/** Thrown by a handler for a failure that retrying cannot fix; the job fails at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}
