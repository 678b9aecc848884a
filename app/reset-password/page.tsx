import type { Metadata } from "next";
import Link from "next/link";
import { RequestPasswordResetForm } from "@/components/auth/password-reset-forms";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata: Metadata = { title: "Reset your password" };
export const dynamic = "force-dynamic";

export default function RequestPasswordResetPage() {
  return (
    <main className="bg-muted/40 flex min-h-screen items-center justify-center p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle className="text-xl">
            <h1>Reset your password</h1>
          </CardTitle>
          <CardDescription>
            Enter the email you sign in with; we&apos;ll send a link to choose a new password.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <RequestPasswordResetForm />
          <Link
            href="/sign-in"
            className="text-muted-foreground hover:text-foreground justify-self-center text-sm underline-offset-4 hover:underline"
          >
            Back to sign-in
          </Link>
        </CardContent>
      </Card>
    </main>
  );
}
