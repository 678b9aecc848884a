"use client";

import { useCallback, useState } from "react";
import { Check, ChevronsUpDown, Loader2 } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Command, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList } from "@/components/ui/command";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import type { AgreementOption } from "@/db/queries/directory";
import { listAgreements } from "@/lib/server-actions/mappings";

function isUsable(agreement: AgreementOption): boolean {
  const status = (agreement.status ?? "").toLowerCase();
  return !agreement.cancelled && status !== "cancelled" && status !== "expired";
}

/**
 * The chosen company's agreements, refreshed from ConnectWise when opened. Cancelled and expired ones
 * are hidden unless asked for.
 */
export function AgreementPicker({
  organizationName,
  companyId,
  value,
  disabled,
  onSelect,
}: {
  organizationName: string;
  companyId: number;
  value: { id: number; name: string | null } | null;
  disabled?: boolean;
  onSelect: (agreement: AgreementOption) => void;
}) {
  const [open, setOpen] = useState(false);
  const [agreements, setAgreements] = useState<AgreementOption[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    const result = await listAgreements({ companyId, refresh: true });
    setLoading(false);
    if (result.ok) {
      setAgreements(result.data.agreements);
      setMessage(result.data.warning);
    } else setMessage(result.error);
  }, [companyId]);

  const visible = (agreements ?? []).filter(
    (agreement) => showAll || isUsable(agreement) || agreement.id === value?.id,
  );
  const hidden = (agreements ?? []).length - visible.length;

  return (
    <Popover
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) void load();
      }}
    >
      <PopoverTrigger asChild>
        <Button
          variant="outline"
          role="combobox"
          aria-expanded={open}
          aria-label={`Agreement for ${organizationName}${value ? `: ${value.name}` : ", none selected"}`}
          className="w-full max-w-56 justify-between font-normal"
          disabled={disabled}
        >
          <span className={value ? "truncate" : "text-muted-foreground truncate"}>
            {value ? value.name : "Select agreement"}
          </span>
          <ChevronsUpDown className="opacity-50" aria-hidden />
        </Button>
      </PopoverTrigger>
      <PopoverContent className="w-96 p-0" align="start">
        <Command label={`Agreements for ${organizationName}`}>
          <CommandInput placeholder="Filter agreements…" aria-label="Filter agreements" />
          <CommandList aria-busy={loading}>
            {loading && agreements === null ? (
              <div className="text-muted-foreground flex items-center gap-2 px-3 py-6 text-sm" role="status">
                <Loader2 className="size-4 animate-spin" aria-hidden /> Reading agreements from ConnectWise…
              </div>
            ) : (
              <CommandEmpty>
                {hidden > 0
                  ? "No active agreement. Show cancelled and expired ones below."
                  : "This company has no agreement in ConnectWise."}
              </CommandEmpty>
            )}
            {visible.length > 0 ? (
              <CommandGroup heading={loading ? "Agreements (refreshing…)" : "Agreements"}>
                {visible.map((agreement) => (
                  <CommandItem
                    key={agreement.id}
                    value={`${agreement.name} ${agreement.typeName ?? ""} ${agreement.id}`}
                    disabled={agreement.cancelled}
                    onSelect={() => {
                      setOpen(false);
                      if (agreement.id !== value?.id) onSelect(agreement);
                    }}
                  >
                    <Check className={agreement.id === value?.id ? "opacity-100" : "opacity-0"} aria-hidden />
                    <span className="grid min-w-0 flex-1">
                      <span className="truncate">{agreement.name}</span>
                      <span className="text-muted-foreground truncate text-xs">{agreement.typeName ?? "No type"}</span>
                    </span>
                    <Badge variant={isUsable(agreement) ? "success" : "outline"}>
                      {agreement.cancelled ? "Cancelled" : (agreement.status ?? "Unknown")}
                    </Badge>
                  </CommandItem>
                ))}
              </CommandGroup>
            ) : null}
          </CommandList>
        </Command>
        <div className="flex items-center gap-2 border-t px-3 py-2 text-sm">
          <Checkbox
            id={`show-all-${companyId}`}
            checked={showAll}
            onCheckedChange={(checked) => setShowAll(checked === true)}
          />
          <label htmlFor={`show-all-${companyId}`}>
            Show cancelled and expired{hidden > 0 && !showAll ? ` (${hidden})` : ""}
          </label>
        </div>
        {message ? (
          <p className="text-muted-foreground border-t px-3 py-2 text-xs" role="status">
            {message}
          </p>
        ) : null}
      </PopoverContent>
    </Popover>
  );
}
