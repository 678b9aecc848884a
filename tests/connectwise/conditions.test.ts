import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeLikePattern, formatConditionValue, quoteConditionString, where } from "@/lib/connectwise/conditions";
import {
  formatConnectWiseDate,
  formatConnectWiseDateTime,
  parseConnectWiseDateTime,
} from "@/lib/connectwise/date-time";
import { tokenizeConditions } from "@/sandbox/query/conditions-lexer";

describe("where", () => {
  it('quotes and escapes strings, O\'Brien & "Sons" Ltd included', () => {
    expect(where.eq("name", `O'Brien & "Sons" Ltd`).text).toBe(`name = "O'Brien & \\"Sons\\" Ltd"`);
    expect(where.eq("identifier", "C:\\temp\\").text).toBe(`identifier = "C:\\\\temp\\\\"`);
  });

  it("writes numbers, booleans, null and datetimes bare", () => {
    expect(where.eq("company/id", 250).text).toBe("company/id = 250");
    expect(where.eq("price", 4.5).text).toBe("price = 4.5");
    expect(where.eq("deletedFlag", false).text).toBe("deletedFlag = false");
    expect(where.isNull("cancelledDate").text).toBe("cancelledDate = null");
    expect(where.isNotNull("cancelledDate").text).toBe("cancelledDate != null");
    expect(where.greaterThan("_info/lastUpdated", new Date("2025-01-01T00:00:00.123Z")).text).toBe(
      "_info/lastUpdated > [2025-01-01T00:00:00Z]",
    );
  });

  it("builds in-lists, text operators and their negations", () => {
    expect(where.inList("identifier", ["VEND-1", `A"B`]).text).toBe(`identifier in ("VEND-1", "A\\"B")`);
    expect(where.inList("id", [1, 2, 3]).text).toBe("id in (1, 2, 3)");
    expect(where.contains("name", "Acme").text).toBe(`name contains "Acme"`);
    expect(where.notContains("name", "x").text).toBe(`name not contains "x"`);
    expect(where.like("type/name", "MSP%").text).toBe(`type/name like "MSP%"`);
    expect(where.notLike("name", "a_b").text).toBe(`name not like "a_b"`);
    expect(() => where.inList("id", [])).toThrow(RangeError);
  });

  it("groups or inside and (and the reverse) with parentheses, and skips missing parts", () => {
    const condition = where.and(
      where.eq("company/id", 250),
      where.eq("cancelledFlag", false),
      undefined,
      where.or(where.eq("type/name", "Managed Services"), where.like("type/name", "MSP%")),
    );
    expect(condition?.text).toBe(
      `company/id = 250 and cancelledFlag = false and (type/name = "Managed Services" or type/name like "MSP%")`,
    );
    expect(where.or(where.and(where.eq("a", 1), where.eq("b", 2)), where.eq("c", 3))?.text).toBe(
      "(a = 1 and b = 2) or c = 3",
    );
    expect(where.and(where.and(where.eq("a", 1), where.eq("b", 2)), where.eq("c", 3))?.text).toBe(
      "a = 1 and b = 2 and c = 3",
    );
    expect(where.and(null, false)).toBeNull();
    expect(where.and(where.eq("a", 1))?.text).toBe("a = 1");
  });

  it("refuses field paths that could carry syntax, and values ConnectWise cannot read", () => {
    expect(() => where.eq("name = 1 or name", "x")).toThrow(RangeError);
    expect(() => where.eq("company/", 1)).toThrow(RangeError);
    expect(() => where.eq("1abc", 1)).toThrow(RangeError);
    expect(() => formatConditionValue(Number.NaN)).toThrow(RangeError);
    expect(() => formatConditionValue(1e21)).toThrow(RangeError);
    expect(() => formatConditionValue(new Date("nope"))).toThrow(RangeError);
  });

  it("escapes like wildcards when a literal match is wanted", () => {
    expect(escapeLikePattern("50%_[x]*")).toBe("50[%][_][[]x][*]");
  });

  it("any string reads back as exactly itself in ConnectWise's grammar (as the sandbox lexes it)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite" }), (value) => {
        const tokens = tokenizeConditions(`name = ${quoteConditionString(value)}`, "conditions");
        expect(tokens.map((token) => token.kind)).toEqual(["field", "operator", "string", "end"]);
        expect(tokens[2].value).toBe(value);
      }),
      { numRuns: 500 },
    );
  });
});

describe("datetimes", () => {
  it("sends UTC without milliseconds", () => {
    expect(formatConnectWiseDateTime(new Date("2025-06-01T12:34:56.789Z"))).toBe("2025-06-01T12:34:56Z");
    expect(formatConnectWiseDate(new Date("2025-06-01T23:59:59.999Z"))).toBe("2025-06-01T00:00:00Z");
  });

  it("reads null, empty and absent as no date", () => {
    expect(parseConnectWiseDateTime("")).toBeNull();
    expect(parseConnectWiseDateTime(null)).toBeNull();
    expect(parseConnectWiseDateTime(undefined)).toBeNull();
    expect(parseConnectWiseDateTime("garbage")).toBeNull();
    expect(parseConnectWiseDateTime("2025-06-01T00:00:00Z")?.toISOString()).toBe("2025-06-01T00:00:00.000Z");
  });
});
