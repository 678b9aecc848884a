import type { z } from "zod";
import type { MembershipRole } from "@/db/schema";
import { assertRole, type WorkspaceContext } from "@/lib/auth/context";
import { SafeError, genericErrorMessage } from "@/lib/errors";
import { errorFields, getLogger } from "@/lib/logging/logger";

export type ActionResult<Data> =
  { ok: true; data: Data } | { ok: false; error: string; code: string; fieldErrors?: Record<string, string> };

export interface WorkspaceAction<Schema extends z.ZodType, Data> {
  name: string;
  role: MembershipRole;
  schema: Schema;
  /**
   * Runs the action for an already resolved context: authorizes the role, validates the input,
   * runs, and maps every failure to a typed result. Never throws, never echoes secrets.
   */
  execute(context: WorkspaceContext | Promise<WorkspaceContext>, input: unknown): Promise<ActionResult<Data>>;
}

/**
 * The one way to define a workspace action. Server-action files wrap `execute` with the request's
 * context; tests call it with contexts of their own to prove authorization and workspace scoping.
 */
export function defineWorkspaceAction<Schema extends z.ZodType, Data>(definition: {
  name: string;
  role: MembershipRole;
  schema: Schema;
  run: (context: WorkspaceContext, input: z.output<Schema>) => Promise<Data>;
}): WorkspaceAction<Schema, Data> {
  return {
    name: definition.name,
    role: definition.role,
    schema: definition.schema,
    async execute(contextOrPromise, input) {
      try {
        // Authenticate and authorize before looking at the input, so an outsider learns nothing from validation.
        const context = await contextOrPromise;
        assertRole(context, definition.role);
        const parsed = definition.schema.safeParse(input);
        if (!parsed.success) {
          const fieldErrors: Record<string, string> = {};
          for (const issue of parsed.error.issues) {
            const key = issue.path.join(".") || "form";
            fieldErrors[key] ??= issue.message;
          }
          return { ok: false, code: "invalid", error: "Some fields need attention.", fieldErrors };
        }
        return { ok: true, data: await definition.run(context, parsed.data) };
      } catch (error) {
        if (error instanceof SafeError)
          return { ok: false, code: error.code, error: error.message, fieldErrors: error.fieldErrors };
        getLogger().error({ action: definition.name, ...errorFields(error) }, "action failed");
        return { ok: false, code: "internal", error: genericErrorMessage };
      }
    },
  };
}
