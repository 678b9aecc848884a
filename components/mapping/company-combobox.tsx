"use client";

import { useEffect, useRef, useState } from "react";
import { Check, ChevronsUpDown, Loader2, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Command, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList } from "@/components/ui/command";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";

export interface CompanyChoice {
  id: number;
  identifier: string;
  name: string;
  status: string | null;
}

/**
 * "Select Customer": a searchable company picker answering from the cached ConnectWise directory.
 * Requests are debounced and superseded ones cancelled, so typing stays instant at any size.
 */
export function CompanyCombobox({
  organizationName,
  value,
  disabled,
  onSelect,
}: {
  organizationName: string;
  value: { id: number; identifier: string | null; name: string | null } | null;
  disabled?: boolean;
  onSelect: (company: CompanyChoice | null) => void;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<CompanyChoice[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // cmdk keeps its highlighted item across result changes; Enter must pick the best new match.
  const [highlighted, setHighlighted] = useState("");
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(async () => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setLoading(true);
      try {
        const response = await fetch(`/api/mappings/companies?q=${encodeURIComponent(query)}`, {
          signal: current.signal,
        });
        const body = (await response.json()) as { companies?: CompanyChoice[]; error?: string };
        if (!response.ok) throw new Error(body.error ?? "The company search failed.");
        setResults(body.companies ?? []);
        setHighlighted(body.companies?.[0] ? String(body.companies[0].id) : "");
        setError(null);
      } catch (failure) {
        if ((failure as Error).name === "AbortError") return;
        setError((failure as Error).message);
      } finally {
        if (controller.current === current) setLoading(false);
      }
    }, 120);
    return () => clearTimeout(timer);
  }, [open, query]);

  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <Button
          variant="outline"
          role="combobox"
          aria-expanded={open}
          aria-label={`ConnectWise company for ${organizationName}${value ? `: ${value.name}` : ": Select Customer"}`}
          className="w-full max-w-64 justify-between font-normal"
          disabled={disabled}
        >
          <span className={value ? "truncate" : "text-muted-foreground truncate"}>
            {value ? value.name : "Select Customer"}
          </span>
          <ChevronsUpDown className="opacity-50" aria-hidden />
        </Button>
      </PopoverTrigger>
      <PopoverContent className="w-96 p-0" align="start">
        <Command
          shouldFilter={false}
          value={highlighted}
          onValueChange={setHighlighted}
          label={`Search ConnectWise companies for ${organizationName}`}
        >
          <CommandInput
            placeholder="Search by name or identifier…"
            value={query}
            onValueChange={setQuery}
            aria-label="Search ConnectWise companies"
          />
          <CommandList aria-busy={loading}>
            {loading && results.length === 0 ? (
              <div className="text-muted-foreground flex items-center gap-2 px-3 py-6 text-sm" role="status">
                <Loader2 className="size-4 animate-spin" aria-hidden /> Searching…
              </div>
            ) : null}
            {error ? (
              <p className="text-destructive px-3 py-4 text-sm" role="alert">
                {error}
              </p>
            ) : null}
            {!loading && !error ? (
              <CommandEmpty>No company matches “{query}”. Refresh from ConnectWise if it is new.</CommandEmpty>
            ) : null}
            {results.length > 0 ? (
              <CommandGroup heading={query ? "Best matches" : "Companies"}>
                {results.map((company) => (
                  <CommandItem
                    key={company.id}
                    value={String(company.id)}
                    onSelect={() => {
                      setOpen(false);
                      if (company.id !== value?.id) onSelect(company);
                    }}
                  >
                    <Check className={company.id === value?.id ? "opacity-100" : "opacity-0"} aria-hidden />
                    <span className="grid min-w-0">
                      <span className="truncate">{company.name}</span>
                      <span className="text-muted-foreground truncate font-mono text-xs">
                        {company.identifier}
                        {company.status && company.status !== "Active" ? ` · ${company.status}` : ""}
                      </span>
                    </span>
                  </CommandItem>
                ))}
              </CommandGroup>
            ) : null}
            {value ? (
              <CommandGroup>
                <CommandItem
                  value="clear"
                  onSelect={() => {
                    setOpen(false);
                    onSelect(null);
                  }}
                >
                  <X aria-hidden /> Clear the mapping
                </CommandItem>
              </CommandGroup>
            ) : null}
          </CommandList>
        </Command>
      </PopoverContent>
    </Popover>
  );
}
