import type { Metadata } from "next";
import Link from "next/link";
import { AlertCircle } from "lucide-react";
import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { roleLabels } from "@/lib/auth/roles";
import { isMicrosoftEntraEnabled } from "@/lib/env";
import { describeInvitationRefusal, viewInvitation } from "@/lib/people/accept-invitation";
import { acceptInvitationWithMicrosoft } from "@/lib/server-actions/invitations";

export const metadata: Metadata = { title: "Accept invitation", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await viewInvitation(getDb(), { token: token.slice(0, 200) });
  return (
    <main className="bg-muted/40 flex min-h-screen items-center justify-center p-4">
      <Card className="w-full max-w-md">
        {invitation.state !== "valid" ? (
          <>
            <CardHeader>
              <CardTitle className="text-xl">
                <h1>This invitation can&apos;t be used</h1>
              </CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4">
              <Alert variant="destructive">
                <AlertCircle aria-hidden />
                <AlertDescription>{describeInvitationRefusal(invitation.state)}</AlertDescription>
              </Alert>
              <Button variant="outline" asChild>
                <Link href="/sign-in">Go to sign-in</Link>
              </Button>
            </CardContent>
          </>
        ) : (
          <>
            <CardHeader>
              <CardTitle className="text-xl">
                <h1>Join {invitation.workspaceName}</h1>
              </CardTitle>
              <CardDescription>
                You&apos;re invited as {roleLabels[invitation.role!].toLowerCase()} with {invitation.email}.
                {invitation.existingUser
                  ? " You already have a Billbridge account: accept, then sign in as usual."
                  : " Choose your name and a password to create your account."}
              </CardDescription>
            </CardHeader>
            <CardContent className="grid gap-4">
              <AcceptInvitationForm token={token} existingUser={Boolean(invitation.existingUser)} />
              {!invitation.existingUser && isMicrosoftEntraEnabled() ? (
                <form action={acceptInvitationWithMicrosoft} className="grid gap-2">
                  <input type="hidden" name="token" value={token} />
                  <p className="text-muted-foreground text-center text-sm">or, without a password</p>
                  <Button type="submit" variant="outline" className="w-full">
                    Accept and sign in with Microsoft
                  </Button>
                </form>
              ) : null}
            </CardContent>
          </>
        )}
      </Card>
    </main>
  );
}
