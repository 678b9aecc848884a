"use server";

import {
  applyConnectWiseAction,
  checkConnectWiseAction,
  disconnectConnectWiseAction,
  recheckConnectWiseAction,
} from "@/lib/actions/connectwise";
import { getRequestContext } from "@/lib/auth/session";
import { runWorkspaceAction } from "./run-workspace-action";

const integrationPages = ["/settings/integrations", "/settings/integrations/connectwise"];

export async function checkConnectWise(input: unknown) {
  return checkConnectWiseAction.execute(getRequestContext(), input);
}

export async function applyConnectWise(input: unknown) {
  return runWorkspaceAction(applyConnectWiseAction, input, integrationPages);
}

export async function disconnectConnectWise(input: unknown) {
  return runWorkspaceAction(disconnectConnectWiseAction, input, integrationPages);
}

export async function recheckConnectWise() {
  return runWorkspaceAction(recheckConnectWiseAction, {}, integrationPages, { always: true });
}
