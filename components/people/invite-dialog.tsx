"use client";

import { useState, useTransition } from "react";
import { Loader2, UserPlus } from "lucide-react";
import { toast } from "sonner";
import type { MembershipRole } from "@/db/schema";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { invitePerson } from "@/lib/server-actions/people";
import { InvitationLinkNotice } from "./invitation-link-notice";
import { RoleSelect } from "./role-select";

export function InviteDialog({ assignableRoles }: { assignableRoles: readonly MembershipRole[] }) {
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<MembershipRole>("admin");
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [copyLink, setCopyLink] = useState<{ email: string; link: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function reset() {
    setEmail("");
    setRole("admin");
    setError(null);
    setFieldErrors({});
    setCopyLink(null);
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await invitePerson({ email, role });
      if (!result.ok) {
        setError(result.error);
        setFieldErrors(result.fieldErrors ?? {});
        return;
      }
      setError(null);
      setFieldErrors({});
      if (result.data.link) {
        setCopyLink({ email: result.data.email, link: result.data.link });
      } else {
        toast.success(`Invitation sent to ${result.data.email}`);
        setOpen(false);
        reset();
      }
    });
  }

  return (
    <>
      <Button
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        <UserPlus aria-hidden />
        Invite
      </Button>
      <Dialog open={open} onOpenChange={(next) => !pending && setOpen(next)}>
        <DialogContent className="sm:max-w-lg">
          {copyLink ? (
            <div className="grid gap-4">
              <DialogHeader>
                <DialogTitle>Invitation created</DialogTitle>
                <DialogDescription>{copyLink.email} is now listed under pending invitations.</DialogDescription>
              </DialogHeader>
              <InvitationLinkNotice email={copyLink.email} link={copyLink.link} />
              <DialogFooter>
                <Button type="button" onClick={() => setOpen(false)}>
                  Done
                </Button>
              </DialogFooter>
            </div>
          ) : (
            <form onSubmit={submit} className="grid gap-4" noValidate>
              <DialogHeader>
                <DialogTitle>Invite a colleague</DialogTitle>
                <DialogDescription>
                  They get a link by email to join this workspace. The link works once and expires in 7 days.
                </DialogDescription>
              </DialogHeader>
              <div aria-live="polite">{error ? <p className="text-destructive text-sm">{error}</p> : null}</div>
              <div className="grid gap-2">
                <Label htmlFor="invite-email">Email</Label>
                <Input
                  id="invite-email"
                  type="email"
                  value={email}
                  onChange={(event) => setEmail(event.target.value)}
                  autoFocus
                  required
                  aria-invalid={Boolean(fieldErrors.email)}
                  aria-describedby={fieldErrors.email ? "invite-email-error" : undefined}
                />
                {fieldErrors.email ? (
                  <p id="invite-email-error" className="text-destructive text-sm">
                    {fieldErrors.email}
                  </p>
                ) : null}
              </div>
              <div className="grid gap-2">
                <Label htmlFor="invite-role">Role</Label>
                <RoleSelect id="invite-role" value={role} onChange={setRole} roles={assignableRoles} />
              </div>
              <DialogFooter>
                <Button type="button" variant="outline" onClick={() => setOpen(false)} disabled={pending}>
                  Cancel
                </Button>
                <Button type="submit" disabled={pending}>
                  {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
                  Send invitation
                </Button>
              </DialogFooter>
            </form>
          )}
        </DialogContent>
      </Dialog>
    </>
  );
}
