import { describe, expect, it } from "vitest";
import {
  billedQuantity,
  billingDates,
  billingPeriodOf,
  previousBillingPeriod,
  resolveBillingPolicy,
  type EffectiveBillingPolicy,
  type UsageDay,
} from "@/lib/sync/billed-quantity";

/** A simulated March: the usage of each day (the day's last figure) and its peak. */
const march: UsageDay[] = Array.from({ length: 31 }, (_, index) => {
  const day = index + 1;
  const quantity = day < 10 ? 10 : day < 20 ? 30 : day < 31 ? 20 : 15;
  return { day: `2027-03-${String(day).padStart(2, "0")}`, quantity, peakQuantity: day === 14 ? 42 : quantity };
});

function bill(policy: EffectiveBillingPolicy, today: string, current: number, history = march) {
  return billedQuantity({ policy, dates: billingDates(policy.timing, today), current, history });
}

describe("billing periods", () => {
  it("are calendar months, leap years included", () => {
    expect(billingPeriodOf("2027-03-14")).toEqual({ start: "2027-03-01", end: "2027-03-31" });
    expect(billingPeriodOf("2028-02-10")).toEqual({ start: "2028-02-01", end: "2028-02-29" });
    expect(previousBillingPeriod(billingPeriodOf("2027-01-05"))).toEqual({ start: "2026-12-01", end: "2026-12-31" });
  });

  it("date the writes of the running period today, and those of an ended period at its edges", () => {
    expect(billingDates("immediate", "2027-03-14")).toMatchObject({
      effectiveDate: "2027-03-14",
      cancelledDate: "2027-03-14",
    });
    expect(billingDates("period-end", "2027-04-02")).toMatchObject({
      period: { start: "2027-03-01", end: "2027-03-31" },
      effectiveDate: "2027-03-01",
      cancelledDate: "2027-03-31",
    });
  });

  it("follow a mapping's override field by field", () => {
    expect(resolveBillingPolicy(null, null)).toEqual({ countBasis: "current", timing: "immediate" });
    expect(
      resolveBillingPolicy({ countBasis: "peak", timing: "period-end" }, { countBasis: "last-day", timing: null }),
    ).toEqual({ countBasis: "last-day", timing: "period-end" });
  });
});

describe("the billed quantity over a simulated month", () => {
  it("current usage, at once: whatever the usage is now", () => {
    const policy = { countBasis: "current", timing: "immediate" } as const;
    expect(bill(policy, "2027-03-05", 10)).toBe(10);
    expect(bill(policy, "2027-03-25", 20)).toBe(20);
  });

  it("peak, at once: never below the highest figure of the running month, back down in the next", () => {
    const policy = { countBasis: "peak", timing: "immediate" } as const;
    const upTo = (day: string) => march.filter((entry) => entry.day <= day);
    expect(bill(policy, "2027-03-05", 10, upTo("2027-03-05"))).toBe(10);
    expect(bill(policy, "2027-03-12", 30, upTo("2027-03-12"))).toBe(30);
    // The 14th peaked at 42 between two runs' figures of 30.
    expect(bill(policy, "2027-03-25", 20, upTo("2027-03-25"))).toBe(42);
    expect(bill(policy, "2027-03-31", 15)).toBe(42);
    expect(bill(policy, "2027-04-01", 15)).toBe(15);
  });

  it("last day, at once: the usage now, which on the last day is that day's", () => {
    const policy = { countBasis: "last-day", timing: "immediate" } as const;
    expect(bill(policy, "2027-03-31", 15)).toBe(15);
  });

  it("once per period: the ended month's last-day figure or peak, the same on every day of the next month", () => {
    const lastDay = { countBasis: "last-day", timing: "period-end" } as const;
    const peak = { countBasis: "peak", timing: "period-end" } as const;
    const current = { countBasis: "current", timing: "period-end" } as const;
    for (const today of ["2027-04-01", "2027-04-15", "2027-04-30"]) {
      expect(bill(lastDay, today, 99)).toBe(15);
      expect(bill(current, today, 99)).toBe(15);
      expect(bill(peak, today, 99)).toBe(42);
    }
    // During March itself, February is billed: no history, nothing.
    expect(bill(lastDay, "2027-03-20", 30)).toBe(0);
  });

  it("reads rows recorded before peaks were kept by their quantity", () => {
    const policy = { countBasis: "peak", timing: "period-end" } as const;
    expect(bill(policy, "2027-04-02", 0, [{ day: "2027-03-03", quantity: 7, peakQuantity: null }])).toBe(7);
  });
});
