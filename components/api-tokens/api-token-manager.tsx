"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { toast } from "sonner";
import type { z } from "zod";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import type { ApiTokenView } from "@/lib/read-models/api-tokens";
import { apiTokenScopes, createApiTokenSchema } from "@/lib/schemas/platform-api";
import { createApiToken, revokeApiToken } from "@/lib/server-actions/api-tokens";

type CreateForm = z.input<typeof createApiTokenSchema>;

/** The token list; owners and admins also create tokens (shown once) and revoke them. */
export function ApiTokenManager({ tokens, canManage }: { tokens: ApiTokenView[]; canManage: boolean }) {
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Tokens</CardTitle>
        <CardDescription>
          {canManage
            ? "A token is shown once, when it is created. Revoking one refuses its next request."
            : "Only owners and admins create and revoke tokens."}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        {created ? <CreatedToken created={created} onDone={() => setCreated(null)} /> : null}
        {canManage ? <CreateTokenForm onCreated={setCreated} /> : null}
        <TokenTable tokens={tokens} canManage={canManage} />
      </CardContent>
    </Card>
  );
}

function CreatedToken({ created, onDone }: { created: { name: string; token: string }; onDone: () => void }) {
  return (
    <Alert role="status" aria-live="polite">
      <AlertTitle>Copy the token for “{created.name}” now: it will not be shown again</AlertTitle>
      <AlertDescription className="grid gap-2">
        <code className="bg-muted block rounded px-2 py-1 font-mono text-xs break-all" data-testid="new-api-token">
          {created.token}
        </code>
        <div className="flex gap-2">
          <Button
            type="button"
            size="sm"
            variant="outline"
            onClick={() =>
              navigator.clipboard
                .writeText(created.token)
                .then(() => toast.success("Token copied"))
                .catch(() => toast.error("Copying failed; select the token and copy it by hand."))
            }
          >
            Copy
          </Button>
          <Button type="button" size="sm" variant="ghost" onClick={onDone}>
            Done
          </Button>
        </div>
      </AlertDescription>
    </Alert>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (created: { name: string; token: string }) => void }) {
  const form = useForm<CreateForm>({
    resolver: zodResolver(createApiTokenSchema),
    defaultValues: { name: "", scopes: ["read", "write"] },
  });
  const [pending, startTransition] = useTransition();
  const submit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await createApiToken(values);
      if (!result.ok) {
        for (const [field, message] of Object.entries(result.fieldErrors ?? {}))
          form.setError(field as keyof CreateForm, { message });
        toast.error(result.error);
        return;
      }
      form.reset({ name: "", scopes: ["read", "write"] });
      onCreated({ name: result.data.name, token: result.data.token });
    }),
  );
  return (
    <Form {...form}>
      <form onSubmit={submit} className="grid gap-4 sm:grid-cols-[1fr_auto_auto] sm:items-end" noValidate>
        <FormField
          control={form.control}
          name="name"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Name</FormLabel>
              <FormControl>
                <Input placeholder="SASE platform (production)" autoComplete="off" {...field} />
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
        <FormField
          control={form.control}
          name="scopes"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Scopes</FormLabel>
              <div className="flex h-9 items-center gap-4">
                {apiTokenScopes.map((scope) => (
                  <label key={scope} className="flex items-center gap-2 text-sm">
                    <Checkbox
                      checked={field.value.includes(scope)}
                      onCheckedChange={(checked) =>
                        field.onChange(
                          checked ? [...field.value, scope] : field.value.filter((value) => value !== scope),
                        )
                      }
                    />
                    {scope}
                  </label>
                ))}
              </div>
              <FormMessage />
            </FormItem>
          )}
        />
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create token"}
        </Button>
      </form>
    </Form>
  );
}

function TokenTable({ tokens, canManage }: { tokens: ApiTokenView[]; canManage: boolean }) {
  if (tokens.length === 0)
    return (
      <p className="text-muted-foreground rounded-md border border-dashed p-6 text-center text-sm">
        No API tokens yet. {canManage ? "Create one for the platform above." : "An owner or admin can create one."}
      </p>
    );
  return (
    <div className="overflow-x-auto">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead>Token</TableHead>
            <TableHead>Scopes</TableHead>
            <TableHead>Created</TableHead>
            <TableHead>Last used</TableHead>
            {canManage ? <TableHead className="text-right">Revoke</TableHead> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {tokens.map((token) => (
            <TableRow key={token.id}>
              <TableCell className="font-medium">
                {token.name}
                {token.revokedAt ? (
                  <Badge variant="outline" className="ml-2">
                    revoked
                  </Badge>
                ) : null}
              </TableCell>
              <TableCell className="font-mono text-xs">{token.prefix}…</TableCell>
              <TableCell>{token.scopes.join(", ")}</TableCell>
              <TableCell className="text-sm">
                {formatDateTime(token.createdAt)}
                <span className="text-muted-foreground block text-xs">by {token.createdBy}</span>
              </TableCell>
              <TableCell className="text-sm">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : "Never"}</TableCell>
              {canManage ? (
                <TableCell className="text-right">
                  {token.revokedAt ? (
                    <span className="text-muted-foreground text-xs">{formatDateTime(token.revokedAt)}</span>
                  ) : (
                    <RevokeButton token={token} />
                  )}
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function RevokeButton({ token }: { token: ApiTokenView }) {
  const [pending, startTransition] = useTransition();
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button variant="outline" size="sm" disabled={pending}>
          {pending ? "Revoking…" : "Revoke"}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Revoke “{token.name}”?</AlertDialogTitle>
          <AlertDialogDescription>
            Its next request is refused (401). Whatever uses it must get a new token. This cannot be undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Keep it</AlertDialogCancel>
          <AlertDialogAction
            onClick={() =>
              startTransition(async () => {
                const result = await revokeApiToken({ tokenId: token.id });
                if (result.ok) toast.success(`“${token.name}” revoked`);
                else toast.error(result.error);
              })
            }
          >
            Revoke
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
