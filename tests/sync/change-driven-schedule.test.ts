import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { billingDates } from "@/lib/sync/billed-quantity";
import { fingerprintDesiredState, type DesiredStateInputs } from "@/lib/sync/fingerprint-desired-state";
import {
  computeNextCheckAt,
  computeNextVerifyAt,
  computeVerifyOffsetSeconds,
  computeVerifySlotAt,
} from "@/lib/sync/schedule";

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
  it("after a read, the next one is due exactly the interval later, whatever run read", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 168 }),
        (readMs, index, hours) =>
          computeNextVerifyAt({
            readAt: new Date(readMs),
            firstRead: false,
            mappingId: mappingId(index),
            intervalHours: hours,
          }).getTime() ===
          readMs + hours * 3_600_000,
      ),
    );
  });

  it("a read for a change at 10:00 is the day's verify: the next read is at 10:00 the next day, not at the slot", () => {
    const id = mappingId(42);
    const changedAt = new Date("2026-03-01T10:00:00Z");
    const next = computeNextVerifyAt({ readAt: changedAt, firstRead: false, mappingId: id, intervalHours: 24 });
    expect(next).toEqual(new Date("2026-03-02T10:00:00Z"));
    // Left unchanged from then on, it is read once a day at that time.
    const after = computeNextVerifyAt({ readAt: next, firstRead: false, mappingId: id, intervalHours: 24 });
    expect(after.getTime() - next.getTime()).toBe(24 * 3_600_000);
  });

  it("after a first read, the next one goes to the mapping's own slot, within the interval", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 168 }),
        (readMs, index, hours) => {
          const intervalMs = hours * 3_600_000;
          const params = {
            readAt: new Date(readMs),
            firstRead: true,
            mappingId: mappingId(index),
            intervalHours: hours,
          };
          const next = computeNextVerifyAt(params).getTime();
          const offsetMs = computeVerifyOffsetSeconds(mappingId(index), intervalMs / 1000) * 1000;
          return (
            next === computeVerifySlotAt(params.readAt, params.mappingId, hours).getTime() &&
            next > readMs &&
            next <= readMs + intervalMs &&
            (((next - offsetMs) % intervalMs) + intervalMs) % intervalMs === 0
          );
        },
      ),
    );
  });

  it("organizations first read together are read again spread over the day: every hour gets 800 to 1,200 of 24,000", () => {
    const perHour = new Array<number>(24).fill(0);
    const readAt = new Date("2026-03-01T00:00:00Z");
    for (let index = 0; index < 24_000; index += 1) {
      const next = computeNextVerifyAt({ readAt, firstRead: true, mappingId: mappingId(index), intervalHours: 24 });
      perHour[Math.floor((next.getTime() - readAt.getTime() - 1) / 3_600_000)]! += 1;
    }
    expect(Math.min(...perHour)).toBeGreaterThanOrEqual(800);
    expect(Math.max(...perHour)).toBeLessThanOrEqual(1200);
  });
});

describe("computeNextCheckAt", () => {
  const now = new Date("2026-03-31T20:00:00Z");
  const verifyAt = new Date("2026-04-01T20:00:00Z");

  it("is the verify read when only reports can change the billed quantities", () => {
    expect(computeNextCheckAt({ now, verifyAt, scheduleOffsetSeconds: 90, periodEnd: null })).toEqual(verifyAt);
  });

  it("is the first hour of the next period, at the mapping's second, when that comes before the verify read", () => {
    expect(computeNextCheckAt({ now, verifyAt, scheduleOffsetSeconds: 90, periodEnd: "2026-03-31" })).toEqual(
      new Date("2026-04-01T00:01:30Z"),
    );
    // A rollover after the verify read, or already past, leaves the verify read.
    expect(
      computeNextCheckAt({
        now,
        verifyAt: new Date("2026-03-31T23:00:00Z"),
        scheduleOffsetSeconds: 90,
        periodEnd: "2026-03-31",
      }),
    ).toEqual(new Date("2026-03-31T23:00:00Z"));
    expect(computeNextCheckAt({ now, verifyAt, scheduleOffsetSeconds: 90, periodEnd: "2026-03-29" })).toEqual(verifyAt);
  });
});
