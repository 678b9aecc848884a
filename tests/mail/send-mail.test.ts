import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendMail } from "@/lib/mail";
import { startSmtpReceiver, type SmtpReceiver } from "../harness/smtp-receiver";

describe("sendMail through SMTP_URL", () => {
  let smtp: SmtpReceiver;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    process.env.SMTP_URL = smtp.url;
    process.env.MAIL_FROM = "Billbridge Reports <reports@msp.test>";
  });
  afterAll(async () => {
    await smtp?.stop();
  });

  it("delivers text, HTML and attachments to every recipient, from MAIL_FROM", async () => {
    const outcome = await sendMail({
      to: ["first@example.test", "second@example.test"],
      subject: "Monthly usage",
      text: "The report is attached.",
      html: "<p>The report is <strong>attached</strong>.</p>",
      attachments: [
        { filename: "usage.csv", content: "organization,quantity\r\nNorthwind,12\r\n", contentType: "text/csv" },
      ],
    });
    expect(outcome).toEqual({ sent: true });
    const mail = await smtp.waitFor((message) => message.subject === "Monthly usage");
    expect(mail.from).toBe("reports@msp.test");
    expect(mail.to).toEqual(["first@example.test", "second@example.test"]);
    expect(mail.text.trim()).toBe("The report is attached.");
    expect(mail.html).toContain("<strong>attached</strong>");
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: "usage.csv", contentType: "text/csv" });
    expect(mail.attachments[0]!.content.toString()).toBe("organization,quantity\r\nNorthwind,12\r\n");
  });
});
