import { readSegment, type PathSegment } from "./field-schema";

export type FieldReader = (container: unknown) => unknown;

// Readers are built once per query; the one- and two-segment shapes (name, company/id) are
// specialised because they are what nearly every condition and sort key uses.
export function buildFieldReader(segments: PathSegment[]): FieldReader {
  if (segments.length === 1 && !segments[0].isMapKey) {
    const key = segments[0].key;
    return (container) =>
      container !== null && typeof container === "object" ? (container as Record<string, unknown>)[key] : undefined;
  }
  if (segments.length === 2 && !segments[0].isMapKey && !segments[1].isMapKey) {
    const [first, second] = [segments[0].key, segments[1].key];
    return (container) => {
      if (container === null || typeof container !== "object") return undefined;
      const middle = (container as Record<string, unknown>)[first];
      return middle !== null && typeof middle === "object" ? (middle as Record<string, unknown>)[second] : undefined;
    };
  }
  return (container) => {
    let current = container;
    for (const segment of segments) {
      current = readSegment(current, segment);
      if (current === undefined || current === null) return current;
    }
    return current;
  };
}

// Every value reached by a path that crosses arrays (each member continues the path).
export function collectValues(container: unknown, segments: PathSegment[], start: number, output: unknown[]): void {
  let current = container;
  for (let index = start; index < segments.length; index += 1) {
    const segment = segments[index];
    current = readSegment(current, segment);
    if (segment.isArray) {
      if (!Array.isArray(current)) return;
      for (const member of current) collectValues(member, segments, index + 1, output);
      return;
    }
    if (current === undefined || current === null) {
      output.push(current);
      return;
    }
  }
  output.push(current);
}
