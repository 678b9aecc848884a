import { recordActionAuditEvent } from "@/lib/audit/record-action-event";
import { deleteAlertChannel, updateAlertChannelEnabled, upsertAlertSettings } from "@/db/queries/alerts";
import { defineWorkspaceAction } from "@/lib/actions/define-action";
import { createAlertChannel } from "@/lib/alerts/create-alert-channel";
import { sendTestEvent } from "@/lib/alerts/send-test-event";
import { SafeError } from "@/lib/errors";
import {
  alertChannelEnabledSchema,
  alertChannelRefSchema,
  alertChannelSchema,
  alertSettingsSchema,
} from "@/lib/schemas/alerts";

/** Saves the workspace's alert rules and digest option (owners and admins). */
export const saveAlertSettingsAction = defineWorkspaceAction({
  name: "alerts.saveSettings",
  role: "admin",
  schema: alertSettingsSchema,
  run: async (context, input) => {
    const rules = {
      ...input.rules,
      "connection-unhealthy": { enabled: input.rules["connection-unhealthy"].enabled, threshold: null },
      "drift-corrected": { enabled: input.rules["drift-corrected"].enabled, threshold: null },
      "approvals-waiting": { enabled: input.rules["approvals-waiting"].enabled, threshold: null },
    };
    await upsertAlertSettings(context.db, {
      workspaceId: context.workspace.id,
      rules,
      digestEnabled: input.digestEnabled,
      digestHourUtc: input.digestHourUtc,
    });
    await recordActionAuditEvent(context, {
      action: "alerts.saveSettings",
      targetType: "alert_settings",
      details: { rules, digestEnabled: input.digestEnabled, digestHourUtc: input.digestHourUtc },
    });
    return { saved: true };
  },
});

/** Adds a webhook or email channel; a webhook's signing secret is in the result, this once. */
export const createAlertChannelAction = defineWorkspaceAction({
  name: "alerts.createChannel",
  role: "admin",
  schema: alertChannelSchema,
  run: async (context, input) => {
    const created = await createAlertChannel(context.db, { workspaceId: context.workspace.id, input });
    await recordActionAuditEvent(context, {
      action: "alerts.createChannel",
      targetType: "alert_channel",
      targetId: created.channelId,
      details: { kind: input.kind, name: input.name },
    });
    return created;
  },
});

export const setAlertChannelEnabledAction = defineWorkspaceAction({
  name: "alerts.setChannelEnabled",
  role: "admin",
  schema: alertChannelEnabledSchema,
  run: async (context, input) => {
    const updated = await updateAlertChannelEnabled(context.db, { workspaceId: context.workspace.id, ...input });
    if (!updated) throw new SafeError("That channel no longer exists.", "not-found");
    await recordActionAuditEvent(context, {
      action: "alerts.setChannelEnabled",
      targetType: "alert_channel",
      targetId: input.channelId,
      details: { enabled: input.enabled },
    });
    return { enabled: input.enabled };
  },
});

export const deleteAlertChannelAction = defineWorkspaceAction({
  name: "alerts.deleteChannel",
  role: "admin",
  schema: alertChannelRefSchema,
  run: async (context, input) => {
    const deleted = await deleteAlertChannel(context.db, { workspaceId: context.workspace.id, ...input });
    if (!deleted) throw new SafeError("That channel no longer exists.", "not-found");
    await recordActionAuditEvent(context, {
      action: "alerts.deleteChannel",
      targetType: "alert_channel",
      targetId: input.channelId,
    });
    return { deleted: true };
  },
});

/** Sends a test event to one channel now and returns the receiver's answer. */
export const sendAlertTestEventAction = defineWorkspaceAction({
  name: "alerts.sendTestEvent",
  role: "admin",
  schema: alertChannelRefSchema,
  run: async (context, input) => sendTestEvent(context.db, { workspaceId: context.workspace.id, ...input }),
});

export const alertActions = [
  saveAlertSettingsAction,
  createAlertChannelAction,
  setAlertChannelEnabledAction,
  deleteAlertChannelAction,
  sendAlertTestEventAction,
];
