/**
 * The HTTP layer against a bare local server, for transport behaviour the sandbox does not need to imitate:
 * stalled bodies, compressed answers, redirects, the address guard and the limiter hook.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  RateLimitedError,
  ServerError,
  SiteNotAllowedError,
  SiteUnreachableError,
  UnexpectedResponseError,
} from "@/lib/connectwise/errors";
import {
  buildQueryString,
  createHttpClient,
  type ConnectWiseRequestRecord,
  type HttpOptions,
} from "@/lib/connectwise/http";

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

let server: Server;
let origin: string;
let handler: Handler = (_request, response) => response.end("{}");
const received: Array<{ method: string; url: string; headers: IncomingMessage["headers"]; body: string }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body });
      handler(request, response, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  received.length = 0;
});

function createTestClient(options: Partial<HttpOptions> = {}) {
  const sleeps: number[] = [];
  const records: ConnectWiseRequestRecord[] = [];
  const http = createHttpClient({
    allowPrivateHosts: true,
    sleep: async (milliseconds) => {
      sleeps.push(milliseconds);
    },
    random: () => 0.5,
    onRequest: (record) => records.push(record),
    retryPolicy: { baseDelayMs: 100, maxDelayMs: 1000 },
    ...options,
  });
  return { http, sleeps, records };
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  response.end(JSON.stringify(body));
}

describe("buildQueryString", () => {
  it("encodes every character that could change the query's meaning", () => {
    expect(
      buildQueryString({
        conditions: `name = "O'Brien & \"Sons\" Ltd" + 50%*`,
        pageSize: 2,
        skipped: undefined,
        empty: "",
      }),
    ).toBe("?conditions=name%20%3D%20%22O%27Brien%20%26%20%22Sons%22%20Ltd%22%20%2B%2050%25%2A&pageSize=2");
    const decoded = new URLSearchParams(buildQueryString({ conditions: `a "b" & c+d` }));
    expect(decoded.get("conditions")).toBe(`a "b" & c+d`);
  });
});

describe("createHttpClient", () => {
  it("retries a GET on server errors with growing jittered waits, recording each attempt", async () => {
    let calls = 0;
    handler = (_request, response) =>
      ++calls < 3 ? json(response, 503, { code: "Busy", message: "busy" }) : json(response, 200, [{ id: 1 }]);
    const { http, sleeps, records } = createTestClient();
    const result = await http.send({
      method: "GET",
      url: `${origin}/apis/x`,
      path: "/x",
      query: { conditions: "id > 0" },
    });
    expect(result.data).toEqual([{ id: 1 }]);
    expect(sleeps).toEqual([50, 100]);
    expect(records.map((record) => [record.attempt, record.status, record.path])).toEqual([
      [1, 503, "/x"],
      [2, 503, "/x"],
      [3, 200, "/x"],
    ]);
  });

  it("gives up on a GET after maxAttempts with a ServerError", async () => {
    handler = (_request, response) => json(response, 500, { code: "UnexpectedError", message: "boom" });
    const { http, sleeps } = createTestClient({ retryPolicy: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 } });
    await expect(http.send({ method: "GET", url: `${origin}/a`, path: "/a" })).rejects.toBeInstanceOf(ServerError);
    expect(received).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it("never re-sends a POST that got a server error, and says its outcome is unknown", async () => {
    handler = (_request, response) => json(response, 500, { code: "UnexpectedError", message: "boom" });
    const { http } = createTestClient();
    const error = await http
      .send({ method: "POST", url: `${origin}/a`, path: "/a", body: { x: 1 } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).outcomeUnknown).toBe(true);
    expect(received).toHaveLength(1);
    expect(received[0].body).toBe('{"x":1}');
    expect(received[0].headers["content-type"]).toBe("application/json");
  });

  it("repeats a POST after 429, waiting Retry-After scaled", async () => {
    let calls = 0;
    handler = (_request, response) =>
      ++calls === 1
        ? json(response, 429, { error: "ConnectWiseAPI", message: "Too many requests." }, { "retry-after": "30" })
        : json(response, 201, { id: 7 });
    const limiterWaits: number[] = [];
    const { http, sleeps } = createTestClient({
      retryPolicy: { retryAfterScale: 0.01 },
      limiter: { schedule: (task) => task(), notifyRateLimited: (waitMs) => limiterWaits.push(waitMs) },
    });
    const result = await http.send({ method: "POST", url: `${origin}/a`, path: "/a", body: {} });
    expect(result.status).toBe(201);
    expect(sleeps).toEqual([300]);
    expect(limiterWaits).toEqual([300]);
    expect(received).toHaveLength(2);
  });

  it("fails with RateLimitedError when ConnectWise asks to wait longer than allowed", async () => {
    handler = (_request, response) =>
      json(response, 429, { error: "ConnectWiseAPI", message: "Too many requests." }, { "retry-after": "600" });
    const { http, sleeps } = createTestClient({ retryPolicy: { maxRateLimitWaitMs: 60_000 } });
    const error = await http.send({ method: "GET", url: `${origin}/a`, path: "/a" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(600);
    expect(sleeps).toEqual([]);
  });

  it("runs every attempt through the limiter", async () => {
    let calls = 0;
    handler = (_request, response) => (++calls === 1 ? json(response, 502, {}) : json(response, 200, {}));
    let scheduled = 0;
    const { http } = createTestClient({ limiter: { schedule: (task) => (scheduled++, task()) } });
    await http.send({ method: "GET", url: `${origin}/a`, path: "/a" });
    expect(scheduled).toBe(2);
  });

  it("times out a stalled body; a stalled write's outcome is unknown", async () => {
    handler = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write("[");
    };
    const { http, records } = createTestClient({ timeoutMs: 150, retryPolicy: { maxAttempts: 1 } });
    const read = await http.send({ method: "GET", url: `${origin}/a`, path: "/a" }).catch((caught: unknown) => caught);
    expect(read).toBeInstanceOf(SiteUnreachableError);
    expect((read as SiteUnreachableError).reason).toBe("timeout");
    expect((read as SiteUnreachableError).outcomeUnknown).toBe(false);
    expect(records[0]).toMatchObject({ status: null, errorCode: "TIMEOUT" });
    const write = await http
      .send({ method: "PATCH", url: `${origin}/a`, path: "/a", body: [] })
      .catch((caught: unknown) => caught);
    expect((write as SiteUnreachableError).reason).toBe("timeout");
    expect((write as SiteUnreachableError).outcomeUnknown).toBe(true);
    expect((write as Error).message).toMatch(/may or may not have been applied/);
  });

  it("reports a dropped connection after sending as reset with an unknown outcome", async () => {
    handler = (request) => request.socket.destroy();
    const { http } = createTestClient();
    const error = await http
      .send({ method: "POST", url: `${origin}/a`, path: "/a", body: {} })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SiteUnreachableError);
    expect((error as SiteUnreachableError).reason).toBe("reset");
    expect((error as SiteUnreachableError).outcomeUnknown).toBe(true);
    expect(received).toHaveLength(1);
  });

  it("reports a closed port as refused, with a known outcome even for a write", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { http } = createTestClient();
    const error = await http
      .send({ method: "POST", url: `http://127.0.0.1:${port}/a`, path: "/a", body: {} })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SiteUnreachableError);
    expect((error as SiteUnreachableError).reason).toBe("refused");
    expect((error as SiteUnreachableError).outcomeUnknown).toBe(false);
  });

  it("reads compressed answers", async () => {
    handler = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      response.end(gzipSync(JSON.stringify([{ id: 1, name: "Ünïcode" }])));
    };
    const { http } = createTestClient();
    expect((await http.send({ method: "GET", url: `${origin}/a`, path: "/a" })).data).toEqual([
      { id: 1, name: "Ünïcode" },
    ]);
    expect(received[0].headers["accept-encoding"]).toMatch(/gzip/);
  });

  it("does not follow redirects", async () => {
    handler = (_request, response) => {
      response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" });
      response.end();
    };
    const { http } = createTestClient();
    await expect(http.send({ method: "GET", url: `${origin}/a`, path: "/a" })).rejects.toBeInstanceOf(
      UnexpectedResponseError,
    );
    expect(received).toHaveLength(1);
  });

  it("refuses a success that is not JSON", async () => {
    handler = (_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<html>login</html>");
    };
    const { http } = createTestClient();
    await expect(http.send({ method: "GET", url: `${origin}/a`, path: "/a" })).rejects.toThrow(/not JSON/);
  });

  it("refuses loopback before connecting when private hosts are not allowed, by literal and by name", async () => {
    const { http } = createTestClient({ allowPrivateHosts: false });
    await expect(http.send({ method: "GET", url: `${origin}/a`, path: "/a" })).rejects.toBeInstanceOf(
      SiteNotAllowedError,
    );
    const port = new URL(origin).port;
    await expect(http.send({ method: "GET", url: `https://localhost:${port}/a`, path: "/a" })).rejects.toThrow(
      /localhost resolves to .*loopback/,
    );
    expect(received).toHaveLength(0);
  });

  it("checks the address the connection uses, not an earlier answer", async () => {
    const answers = [["93.184.216.34"], ["127.0.0.1"]];
    const { http } = createTestClient({ allowPrivateHosts: false, resolveHostname: async () => answers.shift() ?? [] });
    const port = new URL(origin).port;
    await expect(http.send({ method: "GET", url: `https://rebinding.example:${port}/a`, path: "/a" })).rejects.toThrow(
      /refused/,
    );
    expect(received).toHaveLength(0);
  });
});
