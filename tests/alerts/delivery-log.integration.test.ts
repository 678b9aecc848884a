import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAlertDelivery, insertAlertDeliveries } from "@/db/queries/alerts";
import { alertChannels } from "@/db/schema";
import { createAlertChannelAction, sendAlertTestEventAction } from "@/lib/actions/alerts";
import { buildTestEvent } from "@/lib/alerts/alert-events";
import { RetryableDeliveryError, runAlertDelivery } from "@/lib/alerts/run-alert-delivery";
import { checkWebhookUrl } from "@/lib/alerts/post-webhook";
import { verifyWebhookSignature } from "@/lib/alerts/webhook-signature";
import { getAlertSettings } from "@/lib/read-models/alert-settings";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver";

describe("webhook deliveries: retries, the delivery log and the address guard", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  let receiver: WebhookReceiver;
  let channelId: string;
  let secret: string;

  const queueDelivery = async () => {
    const [delivery] = await insertAlertDeliveries(db, {
      workspaceId: workspace.id,
      deliveries: [
        {
          channelId,
          alertId: null,
          eventType: "test",
          payload: buildTestEvent({ workspace: { id: workspace.id, name: "W" }, now: new Date() }),
        },
      ],
    });
    return delivery!.id;
  };

  beforeAll(async () => {
    process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
    ({ db } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "Deliveries");
    receiver = await startWebhookReceiver();
    const created = await createAlertChannelAction.execute(workspace.as("owner"), {
      kind: "webhook",
      name: "PSA bridge",
      url: receiver.url,
    });
    if (!created.ok) throw new Error(created.error);
    ({ channelId } = created.data);
    secret = created.data.secret!;
  });
  afterAll(async () => {
    process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
    await receiver?.close();
  });

  it("logs a failed attempt with the response code, retries, then logs the delivery", async () => {
    receiver.respondWith([503]);
    const deliveryId = await queueDelivery();
    await expect(
      runAlertDelivery(db, { workspaceId: workspace.id, deliveryId, willRetry: true }),
    ).rejects.toBeInstanceOf(RetryableDeliveryError);
    expect((await findAlertDelivery(db, { workspaceId: workspace.id, deliveryId }))!.delivery).toMatchObject({
      state: "pending",
      attempts: 1,
      responseStatus: 503,
      error: "The receiver answered HTTP 503.",
    });
    const result = await runAlertDelivery(db, { workspaceId: workspace.id, deliveryId, willRetry: true });
    expect(result).toMatchObject({ state: "delivered", responseStatus: 200 });
    expect((await findAlertDelivery(db, { workspaceId: workspace.id, deliveryId }))!.delivery).toMatchObject({
      state: "delivered",
      attempts: 2,
      responseStatus: 200,
      error: null,
    });
    // The same event id both times, each signed afresh.
    const [first, second] = receiver.requests.slice(-2);
    expect(first!.headers["billbridge-event-id"]).toBe(second!.headers["billbridge-event-id"]);
    for (const request of [first!, second!]) {
      expect(
        verifyWebhookSignature({
          secret,
          header: request.headers["billbridge-signature"] as string,
          body: request.body,
        }),
      ).toBe(true);
    }
  });

  it("marks the delivery failed after the last attempt", async () => {
    receiver.respondWith([500]);
    const deliveryId = await queueDelivery();
    const result = await runAlertDelivery(db, { workspaceId: workspace.id, deliveryId, willRetry: false });
    expect(result).toMatchObject({ state: "failed", responseStatus: 500 });
  });

  it("shows the delivery log, never the secret, on the settings page's read model", async () => {
    const view = await getAlertSettings(db, { workspaceId: workspace.id });
    expect(view.deliveries.map((delivery) => [delivery.state, delivery.responseStatus])).toEqual(
      expect.arrayContaining([
        ["delivered", 200],
        ["failed", 500],
      ]),
    );
    expect(view.channels).toEqual([expect.objectContaining({ name: "PSA bridge", target: receiver.url })]);
    expect(JSON.stringify(view)).not.toContain(secret);
  });

  it("refuses private and metadata addresses unless private hosts are allowed, and plain http to public hosts", async () => {
    process.env.CW_ALLOW_PRIVATE_HOSTS = "0";
    expect(checkWebhookUrl("http://alerts.example.com/hook")).toContain("https://");
    expect(checkWebhookUrl("https://alerts.example.com/hook")).toBeNull();
    const result = await sendAlertTestEventAction.execute(workspace.as("admin"), { channelId });
    expect(result).toMatchObject({ ok: true, data: { state: "failed", responseStatus: null } });
    if (result.ok) expect(result.data.error).toContain("refused the webhook URL");
    process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
    await db
      .update(alertChannels)
      .set({ url: "http://169.254.169.254/latest/meta-data" })
      .where(eq(alertChannels.id, channelId));
    const metadata = await sendAlertTestEventAction.execute(workspace.as("admin"), { channelId });
    expect(metadata).toMatchObject({ ok: true, data: { state: "failed" } });
    if (metadata.ok) expect(metadata.data.error).toContain("cloud metadata address");
    await db.update(alertChannels).set({ url: receiver.url }).where(eq(alertChannels.id, channelId));
  });

  it("never reaches another workspace's channel", async () => {
    const other = await createTestWorkspace(db, "Other");
    const result = await sendAlertTestEventAction.execute(other.as("owner"), { channelId });
    expect(result).toMatchObject({ ok: false, code: "not-found" });
  });
});
