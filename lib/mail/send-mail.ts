import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";

export interface MailAttachment {
  filename: string;
  content: string | Buffer;
  contentType?: string;
}

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export interface MailOutcome {
  /** False when no SMTP server is configured (SMTP_URL unset): nothing was sent. */
  sent: boolean;
}

let transport: { url: string; transporter: Transporter } | undefined;

function transporterFor(url: string): Transporter {
  if (transport?.url !== url) {
    transport?.transporter.close();
    transport = { url, transporter: nodemailer.createTransport(url) };
  }
  return transport.transporter;
}

/**
 * Sends one message through the SMTP server of SMTP_URL, from MAIL_FROM. Without SMTP_URL nothing
 * is sent and `{ sent: false }` is returned, so callers can tell the person (and show a link to copy
 * instead). A server that refuses the message throws.
 */
export async function sendMail(message: MailMessage): Promise<MailOutcome> {
  const environment = env();
  if (!environment.SMTP_URL) return { sent: false };
  await transporterFor(environment.SMTP_URL).sendMail({
    from: environment.MAIL_FROM,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: message.attachments,
  });
  return { sent: true };
}

/** Whether mail goes out at all (SMTP_URL is set). */
export function isMailConfigured(): boolean {
  return Boolean(env().SMTP_URL);
}
