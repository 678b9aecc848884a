import { plural } from "@/lib/format";

/** What each recorded action means, as the audit log shows it. Unknown actions show their name. */
export const auditActionLabels: Record<string, string> = {
  "sign-in.succeeded": "Signed in",
  "sign-in.failed": "Sign-in failed",
  "password.reset-requested": "Asked for a password reset",
  "password.changed": "Changed their password",
  "workspace.created": "Workspace created",
  "invitation.created": "Invited someone",
  "invitation.resent": "Resent an invitation",
  "invitation.revoked": "Revoked an invitation",
  "invitation.accepted": "Accepted an invitation",
  "member.role-changed": "Changed a member's role",
  "member.removed": "Removed a member",
  "connectwise.connected": "Connected ConnectWise",
  "connectwise.updated": "Changed the ConnectWise connection",
  "connectwise.disconnected": "Disconnected ConnectWise",
  "catalog.settings-changed": "Changed catalog settings",
  "mapping.saved": "Mapped an organization",
  "mapping.cleared": "Cleared mappings",
  "mapping.sync-enabled": "Turned sync on",
  "mapping.sync-disabled": "Turned sync off",
  "mapping.auto-matched": "Accepted auto-match suggestions",
  "mapping.imported": "Imported mappings from CSV",
  "sync.all": "Synced every organization (Sync all)",
  "usage.snapshot": "Recorded a usage snapshot",
};

export const auditKindLabels: Record<string, string> = {
  "sign-in": "Sign-in",
  password: "Password",
  workspace: "Workspace",
  invitation: "Invitations",
  member: "Members and roles",
  connectwise: "ConnectWise connection",
  catalog: "Catalog",
  mapping: "Mappings and sync on/off",
  sync: "Sync",
  usage: "Usage",
};

export function describeAuditAction(action: string): string {
  return auditActionLabels[action] ?? action;
}

/** The event's details as short "key: value" pairs (never secrets: none are recorded). */
export function summarizeAuditDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => {
      const text = Array.isArray(value)
        ? `${value.length} ${plural(value.length, "item")}`
        : typeof value === "object" && value !== null
          ? JSON.stringify(value)
          : String(value);
      return `${key}: ${text.length > 80 ? `${text.slice(0, 77)}…` : text}`;
    })
    .join(" · ");
}
