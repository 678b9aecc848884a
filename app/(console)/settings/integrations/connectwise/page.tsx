import { redirect } from "next/navigation";

// The mapping table will live here (Manage); until then Manage opens the connection overview.
export default function ConnectWiseHome() {
  redirect("/settings/integrations/connectwise/connection");
}
