"use client";

import { useState, useTransition } from "react";
import { Copy, Loader2, Mail, Plus, Send, Trash2, Webhook } from "lucide-react";
import { toast } from "sonner";
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
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import type { AlertSettingsView } from "@/lib/read-models/alert-settings";
import {
  createAlertChannel,
  deleteAlertChannel,
  sendAlertTestEvent,
  setAlertChannelEnabled,
} from "@/lib/server-actions/alerts";

type Channel = AlertSettingsView["channels"][number];

/** Webhook and email channels: add, test, turn off, delete; the webhook secret is shown once. */
export function AlertChannels({ channels, canWrite }: { channels: Channel[]; canWrite: boolean }) {
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <div className="grid gap-3">
      {channels.length === 0 ? (
        <p className="text-muted-foreground rounded-md border border-dashed p-4 text-sm">
          No channels yet: alerts are recorded below but sent nowhere.
          {canWrite ? " Add a webhook or an email channel." : ""}
        </p>
      ) : (
        <ul className="grid gap-2" aria-label="Channels">
          {channels.map((channel) => (
            <ChannelRow key={channel.id} channel={channel} canWrite={canWrite} />
          ))}
        </ul>
      )}
      {canWrite ? <AddChannelDialog onSecret={setSecret} /> : null}
      <Dialog open={secret !== null} onOpenChange={(open) => (open ? null : setSecret(null))}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Copy the signing secret now</DialogTitle>
            <DialogDescription>
              Billbridge signs every event with this secret (the Billbridge-Signature header). It is shown this once; to
              get a new one, delete the channel and add it again.
            </DialogDescription>
          </DialogHeader>
          <code className="bg-muted block rounded-md p-3 text-sm break-all" aria-label="Signing secret">
            {secret}
          </code>
          <DialogFooter>
            <Button
              variant="outline"
              onClick={() => {
                if (secret) void navigator.clipboard?.writeText(secret).then(() => toast.success("Secret copied."));
              }}
            >
              <Copy aria-hidden /> Copy
            </Button>
            <Button onClick={() => setSecret(null)}>I have stored it</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}

function ChannelRow({ channel, canWrite }: { channel: Channel; canWrite: boolean }) {
  const [pending, startTransition] = useTransition();
  const Icon = channel.kind === "webhook" ? Webhook : Mail;
  const test = () =>
    startTransition(async () => {
      const result = await sendAlertTestEvent({ channelId: channel.id });
      if (!result.ok) toast.error(result.error);
      else if (result.data.state === "delivered")
        toast.success(
          channel.kind === "webhook"
            ? `Test event delivered (HTTP ${result.data.responseStatus}).`
            : "Test email handed to the mail server.",
        );
      else toast.error(result.data.error ?? "The test event was not delivered.");
    });
  const toggle = (enabled: boolean) =>
    startTransition(async () => {
      const result = await setAlertChannelEnabled({ channelId: channel.id, enabled });
      if (!result.ok) toast.error(result.error);
    });
  const remove = () =>
    startTransition(async () => {
      const result = await deleteAlertChannel({ channelId: channel.id });
      if (result.ok) toast.success(`${channel.name} deleted.`);
      else toast.error(result.error);
    });
  return (
    <li className="flex flex-wrap items-center gap-3 rounded-md border p-3">
      <Icon className="text-muted-foreground size-4" aria-hidden />
      <div className="min-w-0 flex-1">
        <p className="text-sm font-medium">{channel.name}</p>
        <p className="text-muted-foreground truncate text-xs" title={channel.target}>
          {channel.kind === "webhook" ? "Webhook · " : "Email · "}
          {channel.target}
        </p>
      </div>
      <div className="flex items-center gap-2">
        <Switch
          checked={channel.enabled}
          onCheckedChange={toggle}
          disabled={!canWrite || pending}
          aria-label={`${channel.name} ${channel.enabled ? "on" : "off"}`}
        />
        {canWrite ? (
          <>
            <Button variant="outline" size="sm" onClick={test} disabled={pending}>
              {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Send aria-hidden />}
              Send test event
            </Button>
            <AlertDialog>
              <AlertDialogTrigger asChild>
                <Button variant="ghost" size="sm" disabled={pending} aria-label={`Delete ${channel.name}`}>
                  <Trash2 aria-hidden />
                </Button>
              </AlertDialogTrigger>
              <AlertDialogContent>
                <AlertDialogHeader>
                  <AlertDialogTitle>Delete {channel.name}?</AlertDialogTitle>
                  <AlertDialogDescription>
                    Alerts stop going to this channel, and its delivery log is removed.
                  </AlertDialogDescription>
                </AlertDialogHeader>
                <AlertDialogFooter>
                  <AlertDialogCancel>Cancel</AlertDialogCancel>
                  <AlertDialogAction onClick={remove}>Delete</AlertDialogAction>
                </AlertDialogFooter>
              </AlertDialogContent>
            </AlertDialog>
          </>
        ) : null}
      </div>
    </li>
  );
}

function AddChannelDialog({ onSecret }: { onSecret: (secret: string) => void }) {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<"webhook" | "email">("webhook");
  const [name, setName] = useState("");
  const [target, setTarget] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const input = kind === "webhook" ? { kind, name, url: target } : { kind, name, recipients: target };
      const result = await createAlertChannel(input);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? { form: result.error });
        return;
      }
      setErrors({});
      setOpen(false);
      setName("");
      setTarget("");
      toast.success(`${name} added.`);
      if (result.data.secret) onSecret(result.data.secret);
    });
  };
  const targetError = errors.url ?? errors.recipients;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" className="justify-self-start">
          <Plus aria-hidden /> Add channel
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>Add an alert channel</DialogTitle>
            <DialogDescription>
              Every alert, its resolution and the digest go to each channel that is on.
            </DialogDescription>
          </DialogHeader>
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Kind</legend>
            <div className="flex gap-4 text-sm">
              {(["webhook", "email"] as const).map((option) => (
                <label key={option} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="kind"
                    value={option}
                    checked={kind === option}
                    onChange={() => setKind(option)}
                  />
                  {option === "webhook" ? "Webhook (signed JSON)" : "Email"}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="grid gap-2">
            <Label htmlFor="channel-name">Name</Label>
            <Input
              id="channel-name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              aria-invalid={Boolean(errors.name)}
              placeholder={kind === "webhook" ? "PSA ticket bridge" : "Billing team"}
            />
            {errors.name ? <p className="text-destructive text-sm">{errors.name}</p> : null}
          </div>
          <div className="grid gap-2">
            <Label htmlFor="channel-target">{kind === "webhook" ? "URL" : "Recipients"}</Label>
            <Input
              id="channel-target"
              value={target}
              onChange={(event) => setTarget(event.target.value)}
              aria-invalid={Boolean(targetError)}
              placeholder={
                kind === "webhook" ? "https://alerts.example.com/billbridge" : "billing@msp.example, ops@msp.example"
              }
            />
            {targetError ? <p className="text-destructive text-sm">{targetError}</p> : null}
          </div>
          {errors.form ? <p className="text-destructive text-sm">{errors.form}</p> : null}
          <DialogFooter>
            <Button type="submit" disabled={pending}>
              {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
              Add channel
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
