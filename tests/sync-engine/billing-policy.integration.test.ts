import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { setBillingPolicyAction, setMappingBillingPolicyAction } from "@/lib/actions/billing";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";
import { connectWorkspace, mapOrganization, publishProducts, setUsage, syncOnce } from "./sync-harness";
import { useSandboxTransport } from "../harness/sandbox-transport";

/**
 * A simulated January and February against the sandbox: the peak basis billed at once, and the
 * last-day basis billed once per period (an organization's override), each run on its own day.
 */
describe("count basis and timing over a simulated month", () => {
  let sandbox: Sandbox;
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  let items: Map<string, number>;
  let userProduct: string;
  const organizations: Record<"peak" | "lastDay", { organizationId: string; mappingId: string; agreementId: number }> =
    {} as never;

  const on = async <T>(day: string, work: () => Promise<T>): Promise<T> => {
    vi.setSystemTime(new Date(`${day}T12:00:00Z`));
    return work();
  };
  const userLines = (agreementId: number) =>
    sandbox.state
      .additions(agreementId)
      .filter(
        (addition) => !addition.cancelledDate && (addition.product as { id: number }).id === items.get(userProduct),
      )
      .map((addition) => ({
        quantity: addition.quantity as number,
        effectiveDate: String(addition.effectiveDate).slice(0, 10),
      }));

  beforeAll(async () => {
    useSandboxTransport();
    sandbox = await startSandbox({ scenario: "demo", seed: 13 });
    ({ db } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "Billing");
    [userProduct] = workspace.productIds as [string];
    await connectWorkspace(sandbox, workspace);
    items = await publishProducts(db, workspace);
    // Agreements still active in the simulated months: no end date.
    const agreements = sandbox.state
      .agreements()
      .filter(
        (agreement) =>
          agreement.agreementStatus === "Active" && !agreement.cancelledFlag && agreement.noEndingDateFlag === true,
      )
      .slice(0, 2);
    expect(agreements).toHaveLength(2);
    for (const [index, key] of (["peak", "lastDay"] as const).entries()) {
      const agreement = agreements[index]!;
      const organizationId = workspace.organizationIds[index]!;
      const mappingId = await mapOrganization(db, {
        workspace,
        organizationId,
        agreement: {
          id: agreement.id as number,
          companyId: (agreement.company as { id: number }).id,
          name: agreement.name as string,
        },
      });
      organizations[key] = { organizationId, mappingId, agreementId: agreement.id as number };
    }
    const policy = await setBillingPolicyAction.execute(workspace.as("admin"), {
      countBasis: "peak",
      timing: "immediate",
    });
    expect(policy.ok).toBe(true);
    const override = await setMappingBillingPolicyAction.execute(workspace.as("admin"), {
      organizationId: organizations.lastDay.organizationId,
      countBasis: "last-day",
      timing: "period-end",
    });
    expect(override.ok).toBe(true);
  });
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    setConnectWiseTransportOverrides({});
    await sandbox?.stop();
  });

  const sync = (key: "peak" | "lastDay") => syncOnce(db, { workspace, ...organizations[key] });

  it("peak, at once: follows the month's highest usage and starts again with the next month", async () => {
    const { organizationId, agreementId } = organizations.peak;
    const step = async (day: string, quantity: number) =>
      on(day, async () => {
        await setUsage(db, { organizationId, productId: userProduct, quantity });
        const { outcome } = await sync("peak");
        expect(outcome.state).toBe("succeeded");
        return userLines(agreementId);
      });
    expect(await step("2027-01-03", 10)).toEqual([{ quantity: 10, effectiveDate: "2027-01-03" }]);
    expect((await step("2027-01-14", 25))[0]!.quantity).toBe(25);
    expect((await step("2027-01-20", 12))[0]!.quantity).toBe(25);
    expect((await step("2027-01-31", 11))[0]!.quantity).toBe(25);
    expect((await step("2027-02-01", 12))[0]!.quantity).toBe(12);
  });

  it("last day, once per period: nothing during the month, then the month's last figure dated in that month", async () => {
    const { organizationId, agreementId } = organizations.lastDay;
    const step = async (day: string, quantity: number) =>
      on(day, async () => {
        await setUsage(db, { organizationId, productId: userProduct, quantity });
        const { outcome } = await sync("lastDay");
        expect(outcome.state).toBe("succeeded");
        return userLines(agreementId);
      });
    expect(await step("2027-01-05", 8)).toEqual([]);
    expect(await step("2027-01-20", 40)).toEqual([]);
    expect(await step("2027-01-31", 9)).toEqual([]);
    expect(await step("2027-02-01", 30)).toEqual([{ quantity: 9, effectiveDate: "2027-01-01" }]);
    expect(await step("2027-02-15", 44)).toEqual([{ quantity: 9, effectiveDate: "2027-01-01" }]);
    expect(await step("2027-03-01", 44)).toEqual([{ quantity: 44, effectiveDate: "2027-01-01" }]);
  });
});
