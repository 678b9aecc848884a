import { z } from "zod";

/** What the mapping import accepts at once; the dialog checks both before uploading, the action again. */
export const mappingImportLimits = {
  /** Bytes of the file (5 MB). */
  maxBytes: 5 * 1024 * 1024,
  /** Organization lines, the header not counted. */
  maxLines: 20_000,
} as const;

export const mappingImportSchema = z.object({
  csv: z
    .string()
    .min(1, "Choose a CSV file")
    .max(mappingImportLimits.maxBytes, "The file is larger than 5 MB; split it into smaller files"),
});

function countLines(text: string): number {
  let lines = 0;
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) === 10) lines++;
  // A last line without a line break counts too.
  return text.length > 0 && text.charCodeAt(text.length - 1) !== 10 ? lines + 1 : lines;
}

/**
 * Why a chosen file cannot be imported, before it is uploaded: too large, or too many lines. null
 * when it may be sent (every line is still checked by the action).
 */
export function checkMappingImportFile(file: { size: number }, text?: string): string | null {
  if (file.size > mappingImportLimits.maxBytes) {
    const megabytes = (file.size / (1024 * 1024)).toFixed(1);
    return `The file is ${megabytes} MB; the import takes at most 5 MB (20,000 organizations). Split it into smaller files.`;
  }
  if (file.size === 0) return "The file is empty.";
  if (text !== undefined) {
    const organizations = Math.max(0, countLines(text) - 1);
    if (organizations > mappingImportLimits.maxLines) {
      return `The file has ${organizations.toLocaleString("en-US")} organization lines; the import takes at most 20,000 at once. Split it into smaller files.`;
    }
  }
  return null;
}
