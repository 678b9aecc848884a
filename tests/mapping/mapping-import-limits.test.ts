import { describe, expect, it } from "vitest";
import { checkMappingImportFile, mappingImportLimits } from "@/lib/schemas/mapping-import";

describe("checkMappingImportFile", () => {
  it("refuses a file over 5 MB before reading it, naming its size", () => {
    expect(checkMappingImportFile({ size: mappingImportLimits.maxBytes + 1 })).toBe(
      "The file is 5.0 MB; the import takes at most 5 MB (20,000 organizations). Split it into smaller files.",
    );
    expect(checkMappingImportFile({ size: 7 * 1024 * 1024 })).toContain("The file is 7.0 MB");
  });

  it("accepts 20,000 organization lines under a header, and refuses one more", () => {
    const lines = (count: number) =>
      ["organization_id,company_id", ...Array.from({ length: count }, (_, index) => `org-${index},1`)].join("\r\n") +
      "\r\n";
    const allowed = lines(20_000);
    expect(checkMappingImportFile({ size: allowed.length }, allowed)).toBeNull();
    const over = lines(20_001);
    expect(checkMappingImportFile({ size: over.length }, over)).toContain("20,001 organization lines");
    const noFinalBreak = lines(20_001).trimEnd();
    expect(checkMappingImportFile({ size: noFinalBreak.length }, noFinalBreak)).toContain("20,001");
  });

  it("refuses an empty file", () => {
    expect(checkMappingImportFile({ size: 0 })).toBe("The file is empty.");
  });
});
