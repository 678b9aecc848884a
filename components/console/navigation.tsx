"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import {
  BarChart3,
  Bell,
  Building2,
  ClipboardCheck,
  KeyRound,
  LayoutDashboard,
  Mail,
  Plug,
  ScrollText,
  Users,
} from "lucide-react";
import { cn } from "@/lib/utils";

const items = [
  { href: "/", label: "Dashboard", icon: LayoutDashboard },
  { href: "/organizations", label: "Organizations", icon: Building2 },
  { href: "/reports/reconciliation", label: "Reports › Reconciliation", icon: BarChart3 },
  { href: "/approvals", label: "Approvals", icon: ClipboardCheck },
  { href: "/settings/integrations", label: "Settings › Integrations", icon: Plug },
  { href: "/settings/people", label: "Settings › People", icon: Users },
  { href: "/settings/audit-log", label: "Settings › Audit log", icon: ScrollText },
  { href: "/settings/alerts", label: "Settings › Alerts", icon: Bell },
  { href: "/settings/reports", label: "Settings › Report email", icon: Mail },
  { href: "/settings/api-tokens", label: "Settings › API tokens", icon: KeyRound },
] as const;

/** `counts`: a number shown beside an item (changes waiting for approval). */
export function Navigation({ hidden = [], counts = {} }: { hidden?: string[]; counts?: Record<string, number> }) {
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
              {(counts[item.href] ?? 0) > 0 ? (
                <span
                  className="bg-primary text-primary-foreground ml-auto rounded-full px-2 text-xs tabular-nums"
                  aria-label={`${counts[item.href]} waiting`}
                >
                  {counts[item.href]}
                </span>
              ) : null}
            </Link>
          );
        })}
    </nav>
  );
}
