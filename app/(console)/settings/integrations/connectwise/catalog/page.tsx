import type { Metadata } from "next";
import Link from "next/link";
import { AlertCircle, ShieldAlert, TriangleAlert } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CatalogProductsTable } from "@/components/integrations/catalog-products-table";
import { CatalogPublishPanel } from "@/components/integrations/catalog-publish-panel";
import { CatalogSettingsEditor } from "@/components/integrations/catalog-settings-editor";
import { CatalogSettingsSummary } from "@/components/integrations/catalog-settings-summary";
import { requirePageContext } from "@/lib/auth/session";
import { getCatalogView, toCatalogSettingsForm } from "@/lib/read-models/catalog";
import { plural } from "@/lib/format";

export const metadata: Metadata = { title: "Catalog · ConnectWise Manage" };

export default async function CatalogPage() {
  const context = await requirePageContext();
  const view = await getCatalogView(context);
  if (!view.connected) {
    return (
      <div className="text-muted-foreground max-w-5xl rounded-lg border border-dashed p-10 text-center" role="status">
        <p>ConnectWise Manage is not connected, so the catalog cannot be published.</p>
        <Link className="text-primary underline" href="/settings/integrations">
          Connect it in Settings › Integrations
        </Link>
      </div>
    );
  }
  const blocked = view.products.filter((product) => product.state === "blocked");
  const failed = view.products.filter((product) => product.state === "failed");
  const blockedMessages = [
    ...new Set(blocked.map((product) => product.message).filter((message): message is string => Boolean(message))),
  ];
  const settingsProblem =
    !view.settings && view.lastFinishedRun?.state === "failed" ? view.lastFinishedRun.error : null;

  return (
    <div className="grid max-w-5xl gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Product catalog</CardTitle>
          <CardDescription>
            Billbridge publishes the vendor&apos;s products as items of your ConnectWise product catalog, so agreement
            additions can use them. It writes only the fields it owns, never deletes an item, and marks the items of
            retired products inactive. It runs after Apply, when the settings or the vendor catalog change, and every
            day.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <CatalogPublishPanel
            latestRun={view.latestRun}
            lastFinishedRun={view.lastFinishedRun}
            active={view.active}
            canPublish={view.canEdit}
          />
        </CardContent>
      </Card>

      {settingsProblem ? (
        <Alert variant="destructive">
          <AlertCircle aria-hidden />
          <AlertTitle>The catalog cannot be published yet</AlertTitle>
          <AlertDescription>{settingsProblem}</AlertDescription>
        </Alert>
      ) : null}
      {blocked.length > 0 ? (
        <Alert variant="destructive">
          <ShieldAlert aria-hidden />
          <AlertTitle>
            {blocked.length} {plural(blocked.length, "product is", "products are")} blocked by a missing ConnectWise
            permission
          </AlertTitle>
          <AlertDescription>
            <ul className="list-disc pl-4">
              {blockedMessages.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </AlertDescription>
        </Alert>
      ) : null}
      {failed.length > 0 ? (
        <Alert variant="warning">
          <TriangleAlert aria-hidden />
          <AlertTitle>
            ConnectWise refused {failed.length} {plural(failed.length, "product")}
          </AlertTitle>
          <AlertDescription>
            Each product below shows ConnectWise&apos;s message. Fix the cause (often a catalog setting), then publish
            again.
          </AlertDescription>
        </Alert>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Catalog settings</CardTitle>
          <CardDescription>
            {view.settings
              ? "How each product is filed in ConnectWise. Saving publishes the catalog again with the new settings."
              : "Not chosen yet: the first publish picks them from your ConnectWise setup tables. You can also choose them now."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {view.canEdit ? (
            <CatalogSettingsEditor initial={toCatalogSettingsForm(view.settings)} />
          ) : (
            <CatalogSettingsSummary settings={view.settings} />
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Products</CardTitle>
          <CardDescription>
            Each vendor product, its ConnectWise item and what the last publish did with it.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <CatalogProductsTable products={view.products} />
        </CardContent>
      </Card>
    </div>
  );
}
