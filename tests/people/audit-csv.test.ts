import { describe, expect, it } from "vitest";
import { formatAuditCsv } from "@/lib/audit/audit-csv";

describe("formatAuditCsv", () => {
  const entry = {
    id: "1",
    action: "member.role-changed",
    targetType: "user",
    targetId: "u-2",
    ipAddress: "203.0.113.7",
    details: { email: "ann@example.test", from: "viewer", to: "admin" },
    occurredAt: new Date("2026-11-27T14:05:00Z"),
    actorUserId: "u-1",
    actorEmail: "owner@example.test",
    actorName: "Olivia, Owner",
  };

  it("writes one quoted, CRLF-terminated line per event with the details as JSON", () => {
    expect(formatAuditCsv([entry])).toBe(
      "occurred_at,action,actor_email,actor_name,ip_address,target_type,target_id,details\r\n" +
        '2026-11-27T14:05:00.000Z,member.role-changed,owner@example.test,"Olivia, Owner",203.0.113.7,user,u-2,"{""email"":""ann@example.test"",""from"":""viewer"",""to"":""admin""}"\r\n',
    );
  });

  it("keeps a spreadsheet from reading a value as a formula", () => {
    const csv = formatAuditCsv([{ ...entry, actorName: '=HYPERLINK("http://evil.test")', details: {} }]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
  });
});
