"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

/** The integration's sections. Each entry is a working page. */
const tabs: ReadonlyArray<{ href: string; label: string }> = [
  { href: "/settings/integrations/connectwise", label: "Mappings" },
  { href: "/settings/integrations/connectwise/connection", label: "Connection" },
  { href: "/settings/integrations/connectwise/catalog", label: "Catalog" },
  { href: "/settings/integrations/connectwise/billing", label: "Billing" },
];

export function ConnectWiseTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="ConnectWise Manage sections" className="flex gap-1 border-b">
      {tabs.map((tab) => {
        // Mappings also owns the per-organization run details (…/connectwise/organizations/<id>).
        const active =
          tab.href === "/settings/integrations/connectwise"
            ? pathname === tab.href || pathname.startsWith(`${tab.href}/organizations/`)
            : pathname === tab.href || pathname.startsWith(`${tab.href}/`);
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "focus-visible:ring-ring/50 -mb-px border-b-2 px-3 py-2 text-sm outline-none focus-visible:ring-[3px]",
              active
                ? "border-primary text-foreground font-medium"
                : "text-muted-foreground hover:text-foreground border-transparent",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
