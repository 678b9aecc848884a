import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { auth } from "@/lib/auth/auth";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { isMicrosoftEntraEnabled } from "@/lib/env";
import { signInWithMicrosoft } from "@/lib/server-actions/auth";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const errorMessages: Record<string, string> = {
  NotInvited:
    "Your Microsoft account isn't a member of any Billbridge workspace. Ask a workspace owner to invite your email address.",
  WrongTenant:
    "That Microsoft account belongs to another organization's directory. Sign in with your account of the directory this console is set up for.",
  OAuthAccountNotLinked: "That email already signs in another way. Use your password.",
  AccessDenied: "Sign-in was refused.",
  Configuration: "Sign-in is misconfigured on the server. Check the server log.",
};

const notices: Record<string, string> = {
  "password-changed":
    "Your password was changed and every other session was signed out. Sign in with the new password.",
  joined: "You've joined the workspace. Sign in to continue.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const params = await searchParams;
  // A path of this site only: "//host" and "/\\host" are other sites to a browser.
  const callbackUrl = params.callbackUrl && /^\/(?![/\\])/.test(params.callbackUrl) ? params.callbackUrl : "/";
  // Only a session that still stands on the server skips the form.
  if ((await auth())?.user?.id) redirect(callbackUrl);
  const initialError = params.error ? (errorMessages[params.error] ?? "Sign-in failed. Try again.") : undefined;
  const notice = params.notice ? notices[params.notice] : undefined;
  return (
    <main className="bg-muted/40 flex min-h-screen items-center justify-center p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle className="text-xl">
            <h1>Sign in to Billbridge</h1>
          </CardTitle>
          <CardDescription>ConnectWise PSA billing for your managed organizations</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {notice ? (
            <p role="status" className="bg-muted rounded-md p-3 text-sm">
              {notice}
            </p>
          ) : null}
          <SignInForm callbackUrl={callbackUrl} initialError={initialError} initialEmail={params.email} />
          {isMicrosoftEntraEnabled() ? (
            <form action={signInWithMicrosoft}>
              <Button type="submit" variant="outline" className="w-full">
                Sign in with Microsoft
              </Button>
            </form>
          ) : null}
          <Link
            href="/reset-password"
            className="text-muted-foreground hover:text-foreground justify-self-center text-sm underline-offset-4 hover:underline"
          >
            Forgot your password?
          </Link>
        </CardContent>
      </Card>
    </main>
  );
}
