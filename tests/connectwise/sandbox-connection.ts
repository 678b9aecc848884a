/** Starting the in-process sandbox and a client for one of its API members, for the integration tests. */
import {
  createConnectWiseClient,
  type ConnectWiseClientConfig,
  type ConnectWiseRequestRecord,
} from "@/lib/connectwise/index";
import { startSandbox, type Sandbox } from "@/sandbox/index";

/** The tests reach the sandbox on 127.0.0.1 over plain http, as the demo and development setups do. */
export function allowSandboxHosts(): void {
  process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
}

export async function startTestSandbox(): Promise<Sandbox> {
  allowSandboxHosts();
  return await startSandbox({ scenario: "demo", seed: 1 });
}

export interface TestClientOptions extends Partial<ConnectWiseClientConfig> {
  member?: string;
}

/** A client signed in as a sandbox member; waits are recorded rather than slept through unless asked. */
export function connectAs(sandbox: Sandbox, options: TestClientOptions = {}) {
  const member = sandbox.member(options.member ?? "integration");
  const sleeps: number[] = [];
  const records: ConnectWiseRequestRecord[] = [];
  const client = createConnectWiseClient({
    site: sandbox.site,
    companyId: sandbox.companyId,
    publicKey: member.publicKey,
    privateKey: member.privateKey,
    clientId: sandbox.clientId,
    sleep: async (milliseconds) => {
      sleeps.push(milliseconds);
    },
    onRequest: (record) => records.push(record),
    ...options,
  });
  return { client, sleeps, records };
}

/** The sandbox's request log entries for writes (POST, PUT, PATCH, DELETE). */
export function listWrites(sandbox: Sandbox) {
  return sandbox.requests().filter((entry) => entry.method !== "GET");
}
