import type { TestWorkspace } from "../harness/workspaces";
import { applyConnectWiseAction, checkConnectWiseAction } from "@/lib/actions/connectwise";
import type { Sandbox } from "@/sandbox/index";

/** Connects the workspace to the sandbox the way an admin does: Connect, then Apply. */
export async function connectWorkspaceToSandbox(workspace: TestWorkspace, sandbox: Sandbox): Promise<void> {
  const member = sandbox.member("integration");
  const fields = {
    site: sandbox.site,
    companyId: sandbox.companyId,
    publicKey: member.publicKey,
    privateKey: member.privateKey,
  };
  const check = await checkConnectWiseAction.execute(workspace.as("admin"), fields);
  if (!check.ok || !check.data.checkId) throw new Error(check.ok ? check.data.message : check.error);
  const applied = await applyConnectWiseAction.execute(workspace.as("admin"), {
    ...fields,
    checkId: check.data.checkId,
  });
  if (!applied.ok) throw new Error(applied.error);
}
