"use client";

import { useState, useTransition } from "react";
import { Loader2, RotateCw, X } from "lucide-react";
import { toast } from "sonner";
import type { MembershipRole } from "@/db/schema";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { roleLabels } from "@/lib/auth/roles";
import { formatDateTime } from "@/lib/format";
import { resendInvitation, revokeInvitation } from "@/lib/server-actions/people";
import { InvitationLinkNotice } from "./invitation-link-notice";

export interface InvitationRow {
  id: string;
  email: string;
  role: MembershipRole;
  sentAt: string;
  expiresAt: string;
  invitedByEmail: string | null;
}

/** Pending invitations; resend (a new link, 7 more days) or revoke. */
export function InvitationTable({ invitations, now }: { invitations: InvitationRow[]; now: string }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [copyLink, setCopyLink] = useState<{ email: string; link: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function run(invitation: InvitationRow, kind: "resend" | "revoke") {
    setBusy(`${kind}:${invitation.id}`);
    startTransition(async () => {
      if (kind === "revoke") {
        const result = await revokeInvitation({ invitationId: invitation.id });
        setBusy(null);
        if (result.ok) toast.success(`The invitation of ${invitation.email} was revoked.`);
        else toast.error(result.error);
        return;
      }
      const result = await resendInvitation({ invitationId: invitation.id });
      setBusy(null);
      if (!result.ok) toast.error(result.error);
      else if (result.data.link) setCopyLink({ email: invitation.email, link: result.data.link });
      else toast.success(`Invitation sent again to ${invitation.email}.`);
    });
  }

  return (
    <>
      <Table aria-label="Pending invitations">
        <TableHeader>
          <TableRow>
            <TableHead>Email</TableHead>
            <TableHead className="w-28">Role</TableHead>
            <TableHead className="w-52">Sent</TableHead>
            <TableHead className="w-52 text-right">
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {invitations.map((invitation) => {
            const expired = invitation.expiresAt <= now;
            return (
              <TableRow key={invitation.id} data-invitation={invitation.email}>
                <TableCell>
                  <div className="font-medium">{invitation.email}</div>
                  {invitation.invitedByEmail ? (
                    <div className="text-muted-foreground text-sm">by {invitation.invitedByEmail}</div>
                  ) : null}
                </TableCell>
                <TableCell>{roleLabels[invitation.role]}</TableCell>
                <TableCell className="text-sm">
                  {formatDateTime(invitation.sentAt)}{" "}
                  {expired ? (
                    <Badge variant="destructive">Expired</Badge>
                  ) : (
                    <span className="text-muted-foreground block">expires {formatDateTime(invitation.expiresAt)}</span>
                  )}
                </TableCell>
                <TableCell className="text-right">
                  <div className="flex justify-end gap-1">
                    <Button
                      variant="ghost"
                      size="sm"
                      disabled={pending}
                      onClick={() => run(invitation, "resend")}
                      aria-label={`Resend the invitation of ${invitation.email}`}
                    >
                      {busy === `resend:${invitation.id}` ? (
                        <Loader2 className="animate-spin" aria-hidden />
                      ) : (
                        <RotateCw aria-hidden />
                      )}
                      Resend
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      disabled={pending}
                      onClick={() => run(invitation, "revoke")}
                      aria-label={`Revoke the invitation of ${invitation.email}`}
                    >
                      {busy === `revoke:${invitation.id}` ? (
                        <Loader2 className="animate-spin" aria-hidden />
                      ) : (
                        <X aria-hidden />
                      )}
                      Revoke
                    </Button>
                  </div>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <Dialog open={copyLink !== null} onOpenChange={(open) => !open && setCopyLink(null)}>
        <DialogContent className="sm:max-w-lg">
          <DialogHeader>
            <DialogTitle>New invitation link</DialogTitle>
          </DialogHeader>
          {copyLink ? <InvitationLinkNotice email={copyLink.email} link={copyLink.link} /> : null}
        </DialogContent>
      </Dialog>
    </>
  );
}
