// In-process API of the ConnectWise sandbox: start it on a free port, drive it, stop it.
// The product never imports this; it reaches the sandbox over HTTP(S) only.
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { CODEBASE, DEFAULT_CLIENT_ID } from "./choices";
import type { FailureFilter, FailureKind, RequestLogEntry, SandboxSettings } from "./operator";
import type { Member } from "./permissions";
import { SandboxRuntime } from "./runtime";
import type { ScenarioName } from "./scenarios/index";
import { createRequestListener } from "./server";
import { createState, type SandboxState } from "./state";

export type { FailureFilter, FailureKind, RequestLogEntry, SandboxSettings } from "./operator";
export type { Member } from "./permissions";
export type { PresentedRecord, SandboxState } from "./state";
export type { ScenarioName } from "./scenarios/index";
export { SEED_PERMISSIONS, EDIT_PERMISSIONS, ALL_PERMISSIONS, MODULES, describePermission } from "./permissions";

export interface StartSandboxOptions {
  port?: number; // 0 or omitted = a random free port
  host?: string; // default 127.0.0.1
  scenario?: ScenarioName; // default "demo"
  seed?: number; // default 1
  companies?: number; // "large" only
  agreements?: number; // "large" only
  tls?: boolean; // HTTPS with a generated self-signed certificate
  quiet?: boolean; // accepted for symmetry with the CLI; startSandbox itself never prints
  companyId?: string; // login company id, default "billbridge"
  clientId?: string; // the clientId GUID the sandbox accepts, default a fixed GUID
}

export interface Sandbox {
  url: string;
  site: string;
  companyId: string;
  clientId: string;
  codebase: string;
  members: Member[];
  certificate?: string; // PEM, with tls
  member(name: string): Member;
  configure(settings: Partial<SandboxSettings>): void;
  settings(): SandboxSettings;
  failNext(count: number, kind: FailureKind, filter?: FailureFilter): void;
  // Revokes a member's API keys (requests with them get 401) or restores them; reset() restores all.
  revokeMemberKeys(name: string): void;
  restoreMemberKeys(name: string): void;
  requests(): RequestLogEntry[];
  counters(): Record<string, number>;
  clearLog(): void;
  reset(): void;
  state: SandboxState;
  // The one-line description printed after "SANDBOX " by the CLI.
  describe(): { url: string; site: string; companyId: string; clientId: string; members: Member[] };
  stop(): Promise<void>;
}

async function createCertificate(host: string): Promise<{ key: string; cert: string }> {
  const selfsigned = await import("selfsigned");
  const generate =
    selfsigned.default?.generate ??
    (selfsigned as unknown as { generate: typeof selfsigned.default.generate }).generate;
  const result = await generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
          ...(/^[\d.]+$/.test(host) && host !== "127.0.0.1" ? [{ type: 7 as const, ip: host }] : []),
        ],
      },
    ],
  });
  return { key: result.private, cert: result.cert };
}

export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? "127.0.0.1";
  const runtime = new SandboxRuntime({
    scenario: options.scenario ?? "demo",
    seed: options.seed ?? 1,
    companies: options.companies,
    agreements: options.agreements,
    companyId: options.companyId,
    clientId: options.clientId ?? DEFAULT_CLIENT_ID,
  });
  const state = createState(runtime);
  const describe = () => ({
    url: runtime.origin,
    site: runtime.origin,
    companyId: runtime.companyId,
    clientId: runtime.clientId,
    members: runtime.members.map((member) => ({ ...member, permissions: [...member.permissions] })),
  });
  const listener = createRequestListener({ runtime, state, describe });
  const certificate = options.tls ? await createCertificate(host) : undefined;
  const server: Server = certificate
    ? createHttpsServer({ key: certificate.key, cert: certificate.cert }, listener)
    : createHttpServer(listener);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  runtime.origin = `${certificate ? "https" : "http"}://${hostInUrl}:${port}`;

  return {
    url: runtime.origin,
    site: runtime.origin,
    companyId: runtime.companyId,
    clientId: runtime.clientId,
    codebase: CODEBASE,
    members: describe().members,
    certificate: certificate?.cert,
    member(name) {
      const member = runtime.members.find((candidate) => candidate.name === name);
      if (!member)
        throw new Error(`No sandbox member named ${name}; members: ${runtime.members.map((m) => m.name).join(", ")}`);
      return { ...member, permissions: [...member.permissions] };
    },
    configure: (settings) => runtime.operator.configure(settings),
    settings: () => structuredClone(runtime.operator.settings),
    failNext: (count, kind, filter) => runtime.operator.failNext(count, kind, filter),
    revokeMemberKeys: (name) => runtime.setMemberKeysRevoked(name, true),
    restoreMemberKeys: (name) => runtime.setMemberKeysRevoked(name, false),
    requests: () => runtime.operator.requests(),
    counters: () => runtime.operator.counters(),
    clearLog: () => runtime.operator.clearLog(),
    reset: () => runtime.reset(),
    state,
    describe,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
