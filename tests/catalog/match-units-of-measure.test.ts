import { describe, expect, it } from "vitest";
import { describeUnitOfMeasureName, matchProductUnits, matchUnitOfMeasure } from "@/lib/catalog/match-units-of-measure";

const unit = (id: number, name: string, inactive = false) => ({ id, name, inactive, isDefault: id === 1 });
const units = [unit(1, "Each"), unit(2, "Users"), unit(3, "Device"), unit(4, "Gateway", true), unit(5, "Per License")];

describe("matching product units to ConnectWise's units of measure", () => {
  it("matches by name, singular or plural, with or without 'per', ignoring case and spaces", () => {
    expect(matchUnitOfMeasure("user", units)?.id).toBe(2);
    expect(matchUnitOfMeasure("  USER ", units)?.id).toBe(2);
    expect(matchUnitOfMeasure("licenses", units)?.id).toBe(5);
    expect(matchUnitOfMeasure("devices", units)?.id).toBe(3);
  });

  it("never matches an inactive unit or a different one", () => {
    expect(matchUnitOfMeasure("gateway", units)).toBeNull();
    expect(matchUnitOfMeasure("gateway pair", units)).toBeNull();
    expect(matchUnitOfMeasure("", units)).toBeNull();
  });

  it("maps every distinct product unit ConnectWise has, and names the missing ones for creation", () => {
    expect(matchProductUnits(["user", "User", "gateway", "device"], units)).toEqual({
      user: { id: 2, name: "Users" },
      device: { id: 3, name: "Device" },
    });
    expect(describeUnitOfMeasureName(" gateway  pair ")).toBe("Gateway pair");
  });
});
