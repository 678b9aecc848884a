export { sendMail, isMailConfigured, type MailMessage, type MailAttachment, type MailOutcome } from "./send-mail";
