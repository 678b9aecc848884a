"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Bell, Building2, KeyRound, Plug } from "lucide-react";
import { cn } from "@/lib/utils";

const items = [
  { href: "/organizations", label: "Organizations", icon: Building2 },
  { href: "/settings/integrations", label: "Settings › Integrations", icon: Plug },
  { href: "/settings/alerts", label: "Settings › Alerts", icon: Bell },
  { href: "/settings/api-tokens", label: "Settings › API tokens", icon: KeyRound },
] as const;

export function Navigation({ hidden = [] }: { hidden?: string[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="grid gap-1">
      {items
        .filter((item) => !hidden.includes(item.href))
        .map((item) => {
          const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <Link
              key={item.href}
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "focus-visible:ring-ring/50 flex items-center gap-2 rounded-md px-3 py-2 text-sm outline-none focus-visible:ring-[3px]",
                active
                  ? "bg-accent text-accent-foreground font-medium"
                  : "text-muted-foreground hover:bg-accent/60 hover:text-foreground",
              )}
            >
              <item.icon className="size-4" aria-hidden />
              {item.label}
            </Link>
          );
        })}
    </nav>
  );
}
