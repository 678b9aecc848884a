"use server";

import { revalidatePath } from "next/cache";
import { saveReportScheduleAction, sendReportNowAction } from "@/lib/actions/reports";
import { getRequestContext } from "@/lib/auth/session";

const reportSettingsPath = "/settings/reports";

export async function saveReportSchedule(input: unknown) {
  const result = await saveReportScheduleAction.execute(getRequestContext(), input);
  if (result.ok) revalidatePath(reportSettingsPath);
  return result;
}

export async function sendReportNow(input: unknown) {
  const result = await sendReportNowAction.execute(getRequestContext(), input);
  revalidatePath(reportSettingsPath);
  return result;
}
