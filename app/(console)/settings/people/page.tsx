import type { Metadata } from "next";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { InviteDialog } from "@/components/people/invite-dialog";
import { InvitationTable } from "@/components/people/invitation-table";
import { MemberTable } from "@/components/people/member-table";
import { requirePageContext } from "@/lib/auth/session";
import { roleAllows } from "@/lib/auth/roles";
import { getPeoplePage } from "@/lib/read-models/people";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage() {
  const context = await requirePageContext();
  if (!roleAllows(context.role, "admin")) {
    return (
      <div className="grid max-w-4xl gap-6">
        <PageTitle />
        <Alert>
          <AlertDescription>Only owners and admins manage people. Ask one of them to invite someone.</AlertDescription>
        </Alert>
      </div>
    );
  }
  const page = await getPeoplePage(context);
  return (
    <div className="grid max-w-5xl gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <PageTitle />
        <InviteDialog assignableRoles={page.assignableRoles} />
      </div>
      {!page.mailConfigured ? (
        <Alert>
          <AlertDescription>
            No mail server is configured (SMTP_URL), so invitations aren&apos;t emailed: after inviting, copy the link
            shown and send it yourself.
          </AlertDescription>
        </Alert>
      ) : null}
      <Card className="gap-0 py-0">
        <CardHeader className="border-b py-4">
          <CardTitle>Members</CardTitle>
          <CardDescription>
            Owners and admins change things; billing and viewers see everything and change nothing. A workspace always
            keeps at least one owner.
          </CardDescription>
        </CardHeader>
        <CardContent className="px-0">
          <MemberTable
            members={page.members}
            currentUserId={context.user.id}
            currentRole={context.role}
            assignableRoles={page.assignableRoles}
          />
        </CardContent>
      </Card>
      <Card className="gap-0 py-0">
        <CardHeader className="border-b py-4">
          <CardTitle>Pending invitations</CardTitle>
          <CardDescription>Each link works once and expires 7 days after it was sent.</CardDescription>
        </CardHeader>
        <CardContent className="px-0">
          {page.invitations.length === 0 ? (
            <p className="text-muted-foreground p-6 text-sm">No pending invitations. Invite a colleague to add one.</p>
          ) : (
            <InvitationTable invitations={page.invitations} now={page.now} />
          )}
        </CardContent>
      </Card>
    </div>
  );
}

function PageTitle() {
  return (
    <div>
      <p className="text-muted-foreground text-sm">Settings</p>
      <h1 className="text-2xl font-semibold tracking-tight">People</h1>
    </div>
  );
}
