import type { WorkspaceAction } from "@/lib/actions/define-action";
import { snapshotUsageNow } from "./usage";

/**
 * Every workspace action, for the authorization and isolation tests: each one must refuse a viewer
 * (when it writes) and must never reach another workspace's rows.
 */
export const workspaceActions: ReadonlyArray<WorkspaceAction<never, unknown>> = [snapshotUsageNow as never];
