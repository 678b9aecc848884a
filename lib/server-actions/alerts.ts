"use server";

import { revalidatePath } from "next/cache";
import {
  createAlertChannelAction,
  deleteAlertChannelAction,
  saveAlertSettingsAction,
  sendAlertTestEventAction,
  setAlertChannelEnabledAction,
} from "@/lib/actions/alerts";
import { getRequestContext } from "@/lib/auth/session";

const alertsPath = "/settings/alerts";

export async function saveAlertSettings(input: unknown) {
  const result = await saveAlertSettingsAction.execute(getRequestContext(), input);
  if (result.ok) revalidatePath(alertsPath);
  return result;
}

export async function createAlertChannel(input: unknown) {
  const result = await createAlertChannelAction.execute(getRequestContext(), input);
  if (result.ok) revalidatePath(alertsPath);
  return result;
}

export async function setAlertChannelEnabled(input: unknown) {
  const result = await setAlertChannelEnabledAction.execute(getRequestContext(), input);
  if (result.ok) revalidatePath(alertsPath);
  return result;
}

export async function deleteAlertChannel(input: unknown) {
  const result = await deleteAlertChannelAction.execute(getRequestContext(), input);
  if (result.ok) revalidatePath(alertsPath);
  return result;
}

export async function sendAlertTestEvent(input: unknown) {
  const result = await sendAlertTestEventAction.execute(getRequestContext(), input);
  revalidatePath(alertsPath);
  return result;
}
