import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { billingDates } from "@/lib/sync/billed-quantity";
import { fingerprintDesiredState, type DesiredStateInputs } from "@/lib/sync/fingerprint-desired-state";
import { computeNextCheckAt, computeNextVerifyAt, computeVerifyOffsetSeconds } from "@/lib/sync/schedule";

const mappingId = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;

function inputs(overrides: Partial<DesiredStateInputs> = {}): DesiredStateInputs {
  return {
    agreementId: 7,
    lines: [
      { productId: "p-1", catalogItemId: 11, quantity: 10, unitPrice: 4.5, unitCost: 2, description: "Seats" },
      { productId: "p-2", catalogItemId: 12, quantity: 0, unitPrice: 9, unitCost: null, description: "Storage" },
    ],
    policy: { removal: "cancel", drift: "overwrite", managePrice: true },
    billing: { policy: { countBasis: "current", timing: "immediate" }, dates: billingDates("immediate", "2026-03-10") },
    ...overrides,
  };
}

describe("fingerprintDesiredState", () => {
  it("is the same for the same desired state, whatever the order of the lines or the day", () => {
    const base = inputs();
    expect(fingerprintDesiredState({ ...base, lines: [...base.lines].reverse() })).toBe(fingerprintDesiredState(base));
    expect(
      fingerprintDesiredState({
        ...base,
        billing: { ...base.billing, dates: billingDates("immediate", "2026-03-11") },
      }),
    ).toBe(fingerprintDesiredState(base));
    expect(
      fingerprintDesiredState({ ...base, lines: base.lines.map((line) => ({ ...line, unitPrice: line.unitPrice })) }),
    ).toBe(fingerprintDesiredState(base));
  });

  it("changes with a quantity, a price, a description, the agreement or a policy", () => {
    const base = fingerprintDesiredState(inputs());
    const [first, second] = inputs().lines;
    const variants: DesiredStateInputs[] = [
      inputs({ lines: [{ ...first!, quantity: 11 }, second!] }),
      inputs({ lines: [{ ...first!, unitPrice: 4.75 }, second!] }),
      inputs({ lines: [{ ...first!, unitCost: 2.5 }, second!] }),
      inputs({ lines: [{ ...first!, invoiceDescription: "Seats — Contoso" }, second!] }),
      inputs({ lines: [first!] }),
      inputs({ agreementId: 8 }),
      inputs({ policy: { removal: "zero", drift: "overwrite", managePrice: true } }),
      inputs({ policy: { removal: "cancel", drift: "keep", managePrice: true } }),
      inputs({ policy: { removal: "cancel", drift: "overwrite", managePrice: false } }),
      inputs({
        billing: {
          policy: { countBasis: "peak", timing: "immediate" },
          dates: billingDates("immediate", "2026-03-10"),
        },
      }),
    ];
    const fingerprints = variants.map(fingerprintDesiredState);
    for (const fingerprint of fingerprints) expect(fingerprint).not.toBe(base);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });

  it("billing once per period, changes when the billed period moves on", () => {
    const march = inputs({
      billing: {
        policy: { countBasis: "peak", timing: "period-end" },
        dates: billingDates("period-end", "2026-03-10"),
      },
    });
    const april = inputs({
      billing: {
        policy: { countBasis: "peak", timing: "period-end" },
        dates: billingDates("period-end", "2026-04-02"),
      },
    });
    expect(fingerprintDesiredState(march)).not.toBe(fingerprintDesiredState(april));
  });
});

describe("computeNextVerifyAt", () => {
  it("never leaves more than the interval between two reads, and lands on the mapping's own slot", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 168 }),
        (verifiedMs, index, hours) => {
          const intervalMs = hours * 3_600_000;
          const next = computeNextVerifyAt(new Date(verifiedMs), mappingId(index), hours).getTime();
          const offsetMs = computeVerifyOffsetSeconds(mappingId(index), intervalMs / 1000) * 1000;
          return (
            next > verifiedMs &&
            next <= verifiedMs + intervalMs &&
            (((next - offsetMs) % intervalMs) + intervalMs) % intervalMs === 0
          );
        },
      ),
    );
  });

  it("in steady state reads each mapping exactly once per interval, on its slot", () => {
    const id = mappingId(42);
    const first = computeNextVerifyAt(new Date("2026-03-01T00:00:00Z"), id, 24);
    const second = computeNextVerifyAt(first, id, 24);
    expect(second.getTime() - first.getTime()).toBe(24 * 3_600_000);
  });

  it("spreads 24,000 mappings evenly over the day: every hour gets between 800 and 1,200 of them", () => {
    const perHour = new Array<number>(24).fill(0);
    for (let index = 0; index < 24_000; index += 1) {
      perHour[Math.floor(computeVerifyOffsetSeconds(mappingId(index), 86_400) / 3600)]! += 1;
    }
    expect(Math.min(...perHour)).toBeGreaterThanOrEqual(800);
    expect(Math.max(...perHour)).toBeLessThanOrEqual(1200);
  });
});

describe("computeNextCheckAt", () => {
  const verifiedAt = new Date("2026-03-31T20:00:00Z");

  it("is the verify read when only reports can change the billed quantities", () => {
    expect(
      computeNextCheckAt({
        verifiedAt,
        mappingId: mappingId(1),
        scheduleOffsetSeconds: 90,
        intervalHours: 24,
        periodEnd: null,
      }),
    ).toEqual(computeNextVerifyAt(verifiedAt, mappingId(1), 24));
  });

  it("is the first hour of the next period, at the mapping's second, when that comes before the verify read", () => {
    const verify = computeNextVerifyAt(verifiedAt, mappingId(1), 24);
    const next = computeNextCheckAt({
      verifiedAt,
      mappingId: mappingId(1),
      scheduleOffsetSeconds: 90,
      intervalHours: 24,
      periodEnd: "2026-03-31",
    });
    const rollover = new Date("2026-04-01T00:01:30Z");
    expect(next).toEqual(rollover < verify ? rollover : verify);
    expect(next.getTime()).toBeLessThanOrEqual(rollover.getTime());
  });
});
