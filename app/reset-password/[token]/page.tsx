import type { Metadata } from "next";
import Link from "next/link";
import { AlertCircle } from "lucide-react";
import { CompletePasswordResetForm } from "@/components/auth/password-reset-forms";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { isPasswordResetUsable } from "@/lib/people/reset-password";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function CompletePasswordResetPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const usable = await isPasswordResetUsable(getDb(), { token: token.slice(0, 200) });
  return (
    <main className="bg-muted/40 flex min-h-screen items-center justify-center p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle className="text-xl">
            <h1>Choose a new password</h1>
          </CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          {usable ? (
            <CompletePasswordResetForm token={token} />
          ) : (
            <>
              <Alert variant="destructive">
                <AlertCircle aria-hidden />
                <AlertDescription>This reset link has expired or was already used. Ask for a new one.</AlertDescription>
              </Alert>
              <Button variant="outline" asChild>
                <Link href="/reset-password">Ask for a new link</Link>
              </Button>
            </>
          )}
        </CardContent>
      </Card>
    </main>
  );
}
