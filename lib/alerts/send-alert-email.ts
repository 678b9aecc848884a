import { sendMail, type MailAttachment } from "@/lib/mail";
import type { AlertEventPayload } from "./alert-events";
import { renderAlertEmail } from "./alert-events";

export interface EmailOutcome {
  delivered: boolean;
  error: string | null;
  /** True when retrying cannot help (no mail server configured). */
  permanent: boolean;
}

/**
 * The email channel: one plain-text message (with any attachments) to the listed recipients, through
 * the SMTP server of SMTP_URL, with the outcome a delivery log shows.
 */
export async function sendChannelEmail(
  recipients: string[],
  message: { subject: string; text: string; attachments?: MailAttachment[] },
): Promise<EmailOutcome> {
  if (recipients.length === 0) return { delivered: false, error: "The channel has no recipients.", permanent: true };
  try {
    const outcome = await sendMail({ to: recipients, ...message });
    if (!outcome.sent) {
      return {
        delivered: false,
        error: "Email is not configured on this server (SMTP_URL is not set); ask the operator to set it.",
        permanent: true,
      };
    }
    return { delivered: true, error: null, permanent: false };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { delivered: false, error: `The mail server refused the message: ${message}`, permanent: false };
  }
}

/** Sends one event as a plain-text email to the channel's recipients. */
export async function sendAlertEmail(recipients: string[], event: AlertEventPayload): Promise<EmailOutcome> {
  return sendChannelEmail(recipients, renderAlertEmail(event));
}
