import type { Metadata } from "next";
import { ApiTokenManager } from "@/components/api-tokens/api-token-manager";
import { OffboardingSetting } from "@/components/api-tokens/offboarding-setting";
import { requirePageContext } from "@/lib/auth/session";
import { getApiTokenSettings } from "@/lib/read-models/api-tokens";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const context = await requirePageContext();
  const settings = await getApiTokenSettings(context);
  return (
    <div className="grid max-w-4xl gap-6">
      <div>
        <p className="text-muted-foreground text-sm">Settings</p>
        <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
        <p className="text-muted-foreground mt-1 text-sm">
          The SASE platform reports products, organizations and usage through the{" "}
          {/* A route handler (the API reference), not a page: a full navigation is what it needs. */}
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
          <a className="underline underline-offset-4" href="/api/v1/docs">
            platform API
          </a>{" "}
          with one of these tokens.
        </p>
      </div>
      <ApiTokenManager tokens={settings.tokens} canManage={settings.canManage} />
      <OffboardingSetting value={settings.offboardingAdditions} canManage={settings.canManage} />
    </div>
  );
}
