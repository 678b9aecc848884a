import { subscribeToMappingStatus } from "@/db/mapping-status-listener";
import { withWorkspaceContext } from "@/lib/auth/route";
import { getMappingStatuses } from "@/lib/read-models/mapping-table";

export const dynamic = "force-dynamic";

const heartbeatMs = 25_000;

/**
 * The mapping table's live status as server-sent events: a `status` event with an organization's
 * last-run fields whenever its run status changes (PostgreSQL LISTEN/NOTIFY), only for the caller's
 * workspace. The table polls /api/mappings/status only while this stream is unavailable.
 */
export const GET = withWorkspaceContext(async (context, request) => {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      // One read at a time, in the order of the notifications: a slow read of "running" must never
      // arrive after the read of "succeeded" that followed it.
      let previous = Promise.resolve();
      const unsubscribe = await subscribeToMappingStatus(context.workspace.id, (organizationId) => {
        previous = previous.then(async () => {
          try {
            const rows = await getMappingStatuses(context, [organizationId]);
            for (const row of rows) send(`event: status\ndata: ${JSON.stringify(row)}\n\n`);
          } catch {
            // The next change sends the row again; a poll after reconnecting covers anything missed.
          }
        });
      });
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), heartbeatMs);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      };
      request.signal.addEventListener("abort", () => cleanup());
      send("retry: 2000\nevent: ready\ndata: {}\n\n");
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
