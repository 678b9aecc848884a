"use client";

import { useState, useTransition } from "react";
import { Loader2, UserMinus } from "lucide-react";
import { toast } from "sonner";
import type { MembershipRole } from "@/db/schema";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { roleRank } from "@/lib/auth/roles";
import { formatDateTime } from "@/lib/format";
import { changeRole, removeMember } from "@/lib/server-actions/people";
import { RoleSelect } from "./role-select";

export interface MemberRow {
  userId: string;
  email: string;
  name: string | null;
  role: MembershipRole;
  lastSignInAt: string | null;
}

/**
 * Members with their role and last sign-in. The server enforces every rule (last owner, owners only
 * by owners, no raising one's own role) and its refusal is shown as is.
 */
export function MemberTable({
  members,
  currentUserId,
  currentRole,
  assignableRoles,
}: {
  members: MemberRow[];
  currentUserId: string;
  currentRole: MembershipRole;
  assignableRoles: readonly MembershipRole[];
}) {
  const [pendingUser, setPendingUser] = useState<string | null>(null);
  const [removing, setRemoving] = useState<MemberRow | null>(null);
  const [pending, startTransition] = useTransition();

  function submitRole(member: MemberRow, role: MembershipRole) {
    setPendingUser(member.userId);
    startTransition(async () => {
      const result = await changeRole({ userId: member.userId, role });
      setPendingUser(null);
      if (result.ok) toast.success(`${member.email} is now ${role}.`);
      else toast.error(result.error);
    });
  }

  function submitRemove(member: MemberRow) {
    setPendingUser(member.userId);
    startTransition(async () => {
      const result = await removeMember({ userId: member.userId });
      setPendingUser(null);
      setRemoving(null);
      if (result.ok) toast.success(`${member.email} was removed from the workspace.`);
      else toast.error(result.error);
    });
  }

  return (
    <>
      <Table aria-label="Members">
        <TableHeader>
          <TableRow>
            <TableHead>Person</TableHead>
            <TableHead className="w-40">Role</TableHead>
            <TableHead className="w-52">Last sign-in</TableHead>
            <TableHead className="w-28 text-right">
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {members.map((member) => {
            const self = member.userId === currentUserId;
            // An admin can't touch an owner; the select still shows the owner's role.
            const editable = member.role === "owner" ? assignableRoles.includes("owner") : true;
            // Nobody can raise their own role: one's own select offers only one's role and lower ones.
            const offered = self
              ? assignableRoles.filter((role) => roleRank(role) <= roleRank(currentRole))
              : assignableRoles;
            return (
              <TableRow key={member.userId} data-member={member.email}>
                <TableCell>
                  <div className="font-medium">
                    {member.name ?? member.email} {self ? <Badge variant="secondary">You</Badge> : null}
                  </div>
                  <div className="text-muted-foreground text-sm">{member.email}</div>
                </TableCell>
                <TableCell>
                  <div className="flex items-center gap-2">
                    <RoleSelect
                      aria-label={`Role of ${member.email}`}
                      value={member.role}
                      roles={editable ? offered : [member.role]}
                      disabled={!editable || (pending && pendingUser === member.userId)}
                      onChange={(role) => submitRole(member, role)}
                    />
                    {pending && pendingUser === member.userId ? (
                      <Loader2 className="size-4 animate-spin" aria-label="Saving" />
                    ) : null}
                  </div>
                </TableCell>
                <TableCell className="text-sm">
                  {member.lastSignInAt ? formatDateTime(member.lastSignInAt) : "Never"}
                </TableCell>
                <TableCell className="text-right">
                  <Button
                    variant="ghost"
                    size="sm"
                    disabled={!editable || pending}
                    onClick={() => setRemoving(member)}
                    aria-label={`Remove ${member.email}`}
                  >
                    <UserMinus aria-hidden />
                    Remove
                  </Button>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <AlertDialog open={removing !== null} onOpenChange={(open) => !open && !pending && setRemoving(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Remove {removing?.email}?</AlertDialogTitle>
            <AlertDialogDescription>
              They lose access to this workspace at once. Their account and their other workspaces stay as they are.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
            <AlertDialogAction
              disabled={pending}
              onClick={(event) => {
                event.preventDefault();
                if (removing) submitRemove(removing);
              }}
            >
              {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
              Remove
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
