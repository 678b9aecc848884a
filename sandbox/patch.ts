// ConnectWise PATCH bodies: `[{op, path, value}]`, op add|replace|remove, path a bare case-sensitive
// top-level property name. Pure: turns operations into the changed fields of a record.
import { PATCH_SUB_PATH_IS_FALSE_200, PATCH_TOLERATES_LEADING_SLASH } from "./choices";
import { readComponent } from "./spec";
import { isPlainObject } from "./validation";

export type PatchOutcome =
  | { kind: "changes"; changes: Record<string, unknown> } // field -> new value (null = removed)
  | { kind: "invalid"; message: string; field: string };

const OPERATIONS = new Set(["add", "replace", "remove"]);

export function readPatchChanges(schemaName: string, operations: unknown): PatchOutcome {
  if (!Array.isArray(operations)) {
    return { kind: "invalid", message: "The request body must be an array of patch operations.", field: "" };
  }
  const properties = readComponent(schemaName).properties;
  const changes: Record<string, unknown> = {};
  for (const operation of operations) {
    if (!isPlainObject(operation) || typeof operation.op !== "string" || typeof operation.path !== "string") {
      return { kind: "invalid", message: "Each patch operation needs an op and a path.", field: "" };
    }
    const op = operation.op.toLowerCase();
    if (!OPERATIONS.has(op)) {
      return {
        kind: "invalid",
        message: `The patch operation '${operation.op}' is not supported.`,
        field: operation.path,
      };
    }
    let path = operation.path;
    if (PATCH_TOLERATES_LEADING_SLASH && path.startsWith("/")) path = path.slice(1);
    if (Object.hasOwn(properties, path)) {
      if (op === "remove") changes[path] = null;
      else if (operation.value === undefined) {
        return { kind: "invalid", message: `The patch operation on ${path} needs a value.`, field: path };
      } else changes[path] = operation.value;
      continue;
    }
    const [top] = path.split("/");
    if (PATCH_SUB_PATH_IS_FALSE_200 && path.includes("/") && top !== "" && Object.hasOwn(properties, top)) {
      // ConnectWise answers 200 and changes nothing for a sub-path of a reference (documented).
      continue;
    }
    return { kind: "invalid", message: `The path '${path}' is not a field of this object.`, field: path };
  }
  return { kind: "changes", changes };
}
