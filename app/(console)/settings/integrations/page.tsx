import type { Metadata } from "next";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConnectWiseRow } from "@/components/integrations/connectwise-row";
import { requirePageContext } from "@/lib/auth/session";
import { roleAllows } from "@/lib/auth/roles";
import { getConnectionView } from "@/lib/read-models/connection";
import { readDemoSandbox } from "@/lib/runtime/demo-sandbox";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  const context = await requirePageContext();
  const connection = await getConnectionView(context);
  const canWrite = roleAllows(context.role, "admin");
  return (
    <div className="grid max-w-4xl gap-6">
      <div>
        <p className="text-muted-foreground text-sm">Settings</p>
        <h1 className="text-2xl font-semibold tracking-tight">Integrations</h1>
      </div>
      <Card className="gap-0 py-0">
        <CardHeader className="border-b py-4">
          <CardTitle>PSA integrations</CardTitle>
          <CardDescription>
            Publish your product catalog to your PSA and bill each organization&apos;s usage through its agreement.
          </CardDescription>
        </CardHeader>
        <CardContent className="px-0">
          <ConnectWiseRow
            connection={connection}
            canWrite={canWrite}
            demoSandbox={canWrite ? readDemoSandbox() : null}
          />
        </CardContent>
      </Card>
    </div>
  );
}
