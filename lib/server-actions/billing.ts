"use server";

import { setBillingPolicyAction, setMappingBillingPolicyAction } from "@/lib/actions/billing";
import { runWorkspaceAction } from "./run-workspace-action";

const connectWisePages = { path: "/settings/integrations/connectwise", type: "layout" } as const;

export async function setBillingPolicy(input: unknown) {
  return runWorkspaceAction(setBillingPolicyAction, input, [connectWisePages]);
}

export async function setMappingBillingPolicy(input: unknown) {
  return runWorkspaceAction(setMappingBillingPolicyAction, input, [connectWisePages]);
}
