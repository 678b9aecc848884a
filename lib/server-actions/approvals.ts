"use server";

import { decideHeldChangesAction, setApprovalPolicyAction } from "@/lib/actions/approvals";
import { runWorkspaceAction } from "./run-workspace-action";

export async function setApprovalPolicy(input: unknown) {
  return runWorkspaceAction(setApprovalPolicyAction, input, ["/approvals"]);
}

export async function decideHeldChanges(input: unknown) {
  // The navigation's count of waiting changes is in the root layout.
  return runWorkspaceAction(decideHeldChangesAction, input, [{ path: "/", type: "layout" }]);
}
