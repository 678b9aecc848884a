// One running sandbox's state: the scenario's store (and its snapshot for reset), the API members and
// the operator controls. The HTTP server and the in-process handle both work on this object.
import type { ApiEnvironment } from "./api";
import { DEFAULT_CLIENT_ID, DEFAULT_LOGIN_COMPANY_ID } from "./choices";
import { Operator } from "./operator";
import { createMembers, type Member } from "./permissions";
import { buildScenario, type ScenarioName } from "./scenarios/index";
import { restoreSnapshot, takeSnapshot, type Store, type StoreSnapshot } from "./store";

export interface RuntimeOptions {
  scenario: ScenarioName;
  seed: number;
  companies?: number;
  agreements?: number;
  companyId?: string;
  clientId?: string;
}

export class SandboxRuntime implements ApiEnvironment {
  store: Store;
  readonly members: Member[];
  readonly revokedMembers = new Set<string>();
  readonly operator: Operator;
  readonly companyId: string;
  readonly companyName = "Billbridge Demo MSP";
  readonly clientIds: string[];
  origin = "";
  private readonly snapshot: StoreSnapshot;

  constructor(readonly options: RuntimeOptions) {
    this.store = buildScenario(options.scenario, {
      seed: options.seed,
      companies: options.companies,
      agreements: options.agreements,
    });
    this.snapshot = takeSnapshot(this.store);
    this.members = createMembers(options.seed);
    this.operator = new Operator(options.seed);
    this.companyId = options.companyId ?? DEFAULT_LOGIN_COMPANY_ID;
    this.clientIds = [options.clientId ?? DEFAULT_CLIENT_ID];
  }

  get clientId(): string {
    return this.clientIds[0];
  }

  now(): Date {
    return new Date();
  }

  // Back to the scenario's initial state, with an empty log and default settings.
  reset(): void {
    this.store = restoreSnapshot(this.snapshot);
    this.operator.clearLog();
    this.operator.resetSettings();
    this.revokedMembers.clear();
  }

  // An admin revoking a member's API keys in ConnectWise: every request with them gets 401 until restored.
  setMemberKeysRevoked(name: string, revoked: boolean): void {
    if (!this.members.some((member) => member.name === name)) throw new Error(`No sandbox member named ${name}`);
    if (revoked) this.revokedMembers.add(name);
    else this.revokedMembers.delete(name);
  }
}
