"use client";

import { useState, useTransition } from "react";
import { Loader2, Wand2 } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AutoMatchProposal } from "@/lib/mapping/propose-auto-matches";
import { acceptAutoMatches, previewAutoMatch } from "@/lib/server-actions/mappings";
import { plural } from "@/lib/format";

/** "Accept all high-confidence suggestions": a preview of every change, then one click. Sync stays off. */
export function AutoMatchDialog() {
  const [open, setOpen] = useState(false);
  const [proposals, setProposals] = useState<AutoMatchProposal[] | null>(null);
  const [unmapped, setUnmapped] = useState(0);
  const [loading, startLoading] = useTransition();
  const [accepting, startAccepting] = useTransition();

  function preview() {
    setOpen(true);
    setProposals(null);
    startLoading(async () => {
      const result = await previewAutoMatch();
      if (result.ok) {
        setProposals(result.data.proposals);
        setUnmapped(result.data.unmapped);
      } else {
        toast.error(result.error);
        setOpen(false);
      }
    });
  }

  function accept() {
    if (!proposals) return;
    startAccepting(async () => {
      const result = await acceptAutoMatches({
        organizationIds: proposals.map((proposal) => proposal.organizationId),
      });
      if (result.ok) {
        toast.success(result.data.message);
        setOpen(false);
      } else toast.error(result.error);
    });
  }

  return (
    <>
      <Button variant="outline" size="sm" onClick={preview}>
        <Wand2 aria-hidden />
        Accept all high-confidence suggestions
      </Button>
      <Dialog open={open} onOpenChange={(next) => !accepting && setOpen(next)}>
        <DialogContent className="sm:max-w-3xl">
          <DialogHeader>
            <DialogTitle>Accept high-confidence suggestions</DialogTitle>
            <DialogDescription>
              These organizations will be mapped to the ConnectWise company whose name matches theirs, and to its only
              active agreement when it has exactly one. Sync stays off: turn it on per row when you have checked them.
            </DialogDescription>
          </DialogHeader>
          {loading || proposals === null ? (
            <p className="text-muted-foreground flex items-center gap-2 py-6 text-sm" role="status">
              <Loader2 className="size-4 animate-spin" aria-hidden /> Matching{" "}
              {unmapped > 0 ? unmapped.toLocaleString("en-US") : "the unmapped"} organizations…
            </p>
          ) : proposals.length === 0 ? (
            <p className="text-muted-foreground py-6 text-sm" role="status">
              No unmapped organization has a high-confidence match. Pick their companies by hand, or refresh from
              ConnectWise if companies are missing.
            </p>
          ) : (
            <div className="max-h-[50vh] overflow-y-auto rounded-md border">
              <Table>
                <caption className="sr-only">Changes that will be made</caption>
                <TableHeader>
                  <TableRow>
                    <TableHead scope="col">Organization</TableHead>
                    <TableHead scope="col">ConnectWise company</TableHead>
                    <TableHead scope="col">Agreement</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {proposals.map((proposal) => (
                    <TableRow key={proposal.organizationId}>
                      <TableCell>{proposal.organizationName}</TableCell>
                      <TableCell>
                        {proposal.company.name}{" "}
                        <span className="text-muted-foreground font-mono text-xs">{proposal.company.identifier}</span>
                      </TableCell>
                      <TableCell>
                        {proposal.agreement ? (
                          proposal.agreement.name
                        ) : (
                          <span className="text-muted-foreground">Choose later (not exactly one active)</span>
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)} disabled={accepting}>
              Cancel
            </Button>
            <Button onClick={accept} disabled={accepting || !proposals || proposals.length === 0}>
              {accepting ? <Loader2 className="animate-spin" aria-hidden /> : null}
              Map {proposals?.length ?? 0} {plural(proposals?.length ?? 0, "organization")}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
