"use client";

import { useEffect, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { AlertCircle, CheckCircle2, FlaskConical, Loader2, TriangleAlert } from "lucide-react";
import { toast } from "sonner";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { PermissionChecklist } from "@/components/integrations/permission-checklist";
import type { ConnectionCheckResult } from "@/lib/actions/connectwise";
import type { DemoSandboxInfo } from "@/lib/runtime/demo-sandbox";
import { connectionFieldHelp, connectionFieldsSchema, type ConnectionFields } from "@/lib/schemas/connection";
import { applyConnectWise, checkConnectWise } from "@/lib/server-actions/connectwise";

const fieldLabels: Record<keyof ConnectionFields, string> = {
  site: "ConnectWise site URL",
  companyId: "ConnectWise company ID",
  publicKey: "REST API public key",
  privateKey: "REST API private key",
};

export function ConnectWiseSetupDialog({
  open,
  onOpenChange,
  mode,
  initial,
  demoSandbox,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  mode: "add" | "edit";
  initial: Partial<ConnectionFields>;
  demoSandbox: DemoSandboxInfo | null;
}) {
  const form = useForm<ConnectionFields>({
    resolver: zodResolver(
      mode === "add"
        ? connectionFieldsSchema.refine((fields) => fields.privateKey.length > 0, {
            path: ["privateKey"],
            message: "Enter the API member's private key",
          })
        : connectionFieldsSchema,
    ),
    defaultValues: { site: "", companyId: "", publicKey: "", privateKey: "", ...initial },
    mode: "onTouched",
  });
  const [check, setCheck] = useState<ConnectionCheckResult | null>(null);
  const [checkedValues, setCheckedValues] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [connecting, startConnecting] = useTransition();
  const [applying, startApplying] = useTransition();

  // Any edit after a Connect invalidates it: Apply only saves values that were checked.
  const values = form.watch();
  const currentValues = JSON.stringify(values);
  const checkIsCurrent = check !== null && checkedValues === currentValues;
  useEffect(() => {
    if (!open) {
      setCheck(null);
      setProblem(null);
      setCheckedValues(null);
      form.reset({ site: "", companyId: "", publicKey: "", privateKey: "", ...initial });
    }
  }, [open, form, initial]);

  function showFieldErrors(fieldErrors?: Record<string, string>) {
    for (const [field, message] of Object.entries(fieldErrors ?? {})) {
      if (field in fieldLabels) form.setError(field as keyof ConnectionFields, { message });
    }
  }

  const connect = form.handleSubmit((fields) => {
    setProblem(null);
    setCheck(null);
    startConnecting(async () => {
      const result = await checkConnectWise(fields);
      if (result.ok) {
        setCheck(result.data);
        setCheckedValues(JSON.stringify(fields));
      } else {
        setProblem(result.error);
        showFieldErrors(result.fieldErrors);
      }
    });
  });

  function apply() {
    if (!check?.checkId) return;
    setProblem(null);
    startApplying(async () => {
      const result = await applyConnectWise({ ...form.getValues(), checkId: check.checkId });
      if (result.ok) {
        toast.success(result.data.message);
        onOpenChange(false);
      } else {
        setProblem(result.error);
        showFieldErrors(result.fieldErrors);
      }
    });
  }

  function fillFromSandbox(memberName: string) {
    const member = demoSandbox?.members.find((candidate) => candidate.name === memberName);
    if (!demoSandbox || !member) return;
    form.reset({
      site: demoSandbox.site,
      companyId: demoSandbox.companyId,
      publicKey: member.publicKey,
      privateKey: member.privateKey,
    });
    setCheck(null);
    setProblem(null);
  }

  const busy = connecting || applying;
  return (
    <Dialog open={open} onOpenChange={(next) => (!busy ? onOpenChange(next) : undefined)}>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>
            {mode === "add" ? "Connect ConnectWise Manage" : "Edit the ConnectWise Manage connection"}
          </DialogTitle>
          <DialogDescription>
            Billbridge signs in as a ConnectWise API member. Connect checks the values and the member&apos;s security
            role; Apply saves them.
          </DialogDescription>
        </DialogHeader>
        {demoSandbox ? (
          <Alert>
            <FlaskConical aria-hidden />
            <AlertTitle>No ConnectWise account? Use the local sandbox</AlertTitle>
            <AlertDescription>
              <div className="flex flex-wrap items-center gap-2">
                <Button type="button" size="sm" variant="outline" onClick={() => fillFromSandbox("integration")}>
                  Fill in the sandbox&apos;s values
                </Button>
                <label className="sr-only" htmlFor="sandbox-member">
                  Sandbox API member
                </label>
                <select
                  id="sandbox-member"
                  className="border-input h-8 rounded-md border bg-transparent px-2 text-sm"
                  defaultValue=""
                  onChange={(event) => event.target.value && fillFromSandbox(event.target.value)}
                >
                  <option value="">…or another member</option>
                  {demoSandbox.members.map((member) => (
                    <option key={member.name} value={member.name}>
                      {member.name}
                    </option>
                  ))}
                </select>
              </div>
            </AlertDescription>
          </Alert>
        ) : null}
        <Form {...form}>
          <form onSubmit={connect} className="grid gap-4" noValidate>
            {(Object.keys(fieldLabels) as Array<keyof ConnectionFields>).map((name) => (
              <FormField
                key={name}
                control={form.control}
                name={name}
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>{fieldLabels[name]}</FormLabel>
                    <FormControl>
                      <Input
                        {...field}
                        type={name === "privateKey" ? "password" : "text"}
                        autoComplete={name === "privateKey" ? "new-password" : "off"}
                        spellCheck={false}
                        placeholder={
                          name === "site"
                            ? "na.myconnectwise.net"
                            : name === "privateKey" && mode === "edit"
                              ? "Leave blank to keep the saved private key"
                              : undefined
                        }
                        disabled={busy}
                      />
                    </FormControl>
                    <FormDescription>{connectionFieldHelp[name]}</FormDescription>
                    <FormMessage />
                  </FormItem>
                )}
              />
            ))}
            <div aria-live="polite" className="grid gap-3">
              {problem ? (
                <Alert variant="destructive">
                  <AlertCircle aria-hidden />
                  <AlertTitle>Could not connect</AlertTitle>
                  <AlertDescription>{problem}</AlertDescription>
                </Alert>
              ) : null}
              {check ? (
                <Alert
                  variant={
                    check.missingRequired.length > 0
                      ? "destructive"
                      : check.missingEdit.length > 0
                        ? "warning"
                        : "success"
                  }
                >
                  {check.missingRequired.length > 0 ? (
                    <AlertCircle aria-hidden />
                  ) : check.missingEdit.length > 0 ? (
                    <TriangleAlert aria-hidden />
                  ) : (
                    <CheckCircle2 aria-hidden />
                  )}
                  <AlertTitle>{check.missingRequired.length > 0 ? "Permissions missing" : check.message}</AlertTitle>
                  <AlertDescription>
                    {check.missingRequired.length > 0 ? <p>{check.message}</p> : null}
                    <p>
                      {check.companyName ? `${check.companyName} · ` : ""}
                      {check.site}
                      {check.version ? ` · ConnectWise ${check.version}` : ""}
                    </p>
                    {check.missingEdit.length > 0 && check.missingRequired.length === 0 ? (
                      <p>
                        You can apply now, but without {check.missingEdit.join(" and ")} Billbridge can only add new
                        records: quantities of existing additions and catalog items will not be updated.
                      </p>
                    ) : null}
                  </AlertDescription>
                </Alert>
              ) : null}
              {check ? <PermissionChecklist permissions={check.permissions} /> : null}
              {check && !checkIsCurrent ? (
                <p className="text-warning text-sm">
                  The values changed since Connect; run Connect again before applying.
                </p>
              ) : null}
            </div>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => onOpenChange(false)} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" variant={checkIsCurrent && check?.checkId ? "outline" : "default"} disabled={busy}>
                {connecting ? <Loader2 className="animate-spin" aria-hidden /> : null}
                {connecting ? "Connecting…" : "Connect"}
              </Button>
              <Button type="button" onClick={apply} disabled={busy || !checkIsCurrent || !check?.checkId}>
                {applying ? <Loader2 className="animate-spin" aria-hidden /> : null}
                {applying ? "Applying…" : "Apply"}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
