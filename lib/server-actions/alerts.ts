"use server";

import {
  createAlertChannelAction,
  deleteAlertChannelAction,
  saveAlertSettingsAction,
  sendAlertTestEventAction,
  setAlertChannelEnabledAction,
} from "@/lib/actions/alerts";
import { runWorkspaceAction } from "./run-workspace-action";

const alertsPath = "/settings/alerts";

export async function saveAlertSettings(input: unknown) {
  return runWorkspaceAction(saveAlertSettingsAction, input, [alertsPath]);
}

export async function createAlertChannel(input: unknown) {
  return runWorkspaceAction(createAlertChannelAction, input, [alertsPath]);
}

export async function setAlertChannelEnabled(input: unknown) {
  return runWorkspaceAction(setAlertChannelEnabledAction, input, [alertsPath]);
}

export async function deleteAlertChannel(input: unknown) {
  return runWorkspaceAction(deleteAlertChannelAction, input, [alertsPath]);
}

export async function sendAlertTestEvent(input: unknown) {
  return runWorkspaceAction(sendAlertTestEventAction, input, [alertsPath], { always: true });
}
