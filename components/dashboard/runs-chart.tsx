"use client";

import { Bar, BarChart, CartesianGrid, Cell, XAxis, YAxis } from "recharts";
import { ChartContainer, ChartTooltip, ChartTooltipContent, type ChartConfig } from "@/components/ui/chart";
import { plural } from "@/lib/format";
import type { RunOutcomeBar } from "@/lib/reports/dashboard-series";

const config = {
  succeeded: { label: "Succeeded", color: "var(--chart-1)" },
  failed: { label: "Failed", color: "var(--chart-2)" },
  running: { label: "Running", color: "var(--chart-3)" },
  queued: { label: "Queued", color: "var(--chart-4)" },
  runs: { label: "Runs", color: "var(--chart-3)" },
} satisfies ChartConfig;

/**
 * Sync runs of the last 24 hours by outcome as a bar chart. The figures are also a visually hidden
 * table and a one-line summary, so a screen reader gets them without the drawing; the drawing itself
 * is focusable and its arrow keys move the tooltip from bar to bar.
 */
export function RunsChart({ bars }: { bars: RunOutcomeBar[] }) {
  const total = bars.reduce((sum, bar) => sum + bar.runs, 0);
  if (total === 0) {
    return <p className="text-muted-foreground text-sm">No sync ran in the last 24 hours.</p>;
  }
  const summary = `${total} ${plural(total, "run")} in the last 24 hours: ${bars
    .filter((bar) => bar.runs > 0)
    .map((bar) => `${bar.runs} ${bar.label.toLowerCase()}`)
    .join(", ")}.`;
  return (
    <figure
      className="relative grid min-w-0 gap-2 overflow-hidden"
      aria-label="Sync runs of the last 24 hours by outcome"
    >
      <ChartContainer config={config} className="aspect-auto h-44 w-full">
        <BarChart data={bars} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} title={summary} desc={summary}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="label" tickLine={false} axisLine={false} />
          <YAxis allowDecimals={false} tickLine={false} axisLine={false} width={48} />
          <ChartTooltip cursor={false} content={<ChartTooltipContent />} />
          <Bar dataKey="runs" radius={4} isAnimationActive={false}>
            {bars.map((bar) => (
              <Cell key={bar.outcome} fill={`var(--color-${bar.outcome})`} />
            ))}
          </Bar>
        </BarChart>
      </ChartContainer>
      <figcaption className="text-muted-foreground text-xs">{summary}</figcaption>
      <div className="sr-only">
        <table>
          <caption>Sync runs of the last 24 hours by outcome</caption>
          <thead>
            <tr>
              <th scope="col">Outcome</th>
              <th scope="col">Runs</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.outcome}>
                <th scope="row">{bar.label}</th>
                <td>{bar.runs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
