"use client";

import { Bar, BarChart, CartesianGrid, ReferenceLine, XAxis, YAxis } from "recharts";
import { ChartContainer, ChartTooltip, ChartTooltipContent, type ChartConfig } from "@/components/ui/chart";
import { plural } from "@/lib/format";
import type { RequestHourBar } from "@/lib/reports/dashboard-series";

const config = {
  requests: { label: "Requests", color: "var(--chart-3)" },
} satisfies ChartConfig;

const number = new Intl.NumberFormat("en-US");

/**
 * ConnectWise requests of each of the last 24 hours (UTC) against the limiter's configured budget per
 * hour, drawn as a dashed reference line and said in the text. The hours are also a visually hidden table.
 */
export function RequestsChart({ bars, limitPerHour }: { bars: RequestHourBar[]; limitPerHour: number }) {
  const total = bars.reduce((sum, bar) => sum + bar.requests, 0);
  const limitText = `The configured limit is ${number.format(limitPerHour)} requests per hour per connection.`;
  if (total === 0) {
    return (
      <div className="grid gap-1 text-sm">
        <p className="text-muted-foreground">No ConnectWise requests in the last 24 hours.</p>
        <p className="text-muted-foreground text-xs">{limitText}</p>
      </div>
    );
  }
  const busiest = bars.reduce((top, bar) => (bar.requests > top.requests ? bar : top), bars[0]!);
  const share = Math.round((busiest.requests / limitPerHour) * 1000) / 10;
  const summary =
    `${number.format(total)} ${plural(total, "request")} in the last 24 hours; the busiest hour, ` +
    `${busiest.label} UTC, made ${number.format(busiest.requests)} (${share}% of the limit). ${limitText}`;
  return (
    <figure
      className="relative grid min-w-0 gap-2 overflow-hidden"
      aria-label="ConnectWise requests per hour against the configured limit"
    >
      <ChartContainer config={config} className="aspect-auto h-44 w-full">
        <BarChart data={bars} margin={{ top: 16, right: 8, bottom: 0, left: 0 }} title={summary} desc={summary}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="label" tickLine={false} axisLine={false} interval={5} />
          <YAxis
            allowDecimals={false}
            tickLine={false}
            axisLine={false}
            width={56}
            domain={[0, limitPerHour]}
            tickFormatter={(value: number) => number.format(value)}
          />
          <ChartTooltip cursor={false} content={<ChartTooltipContent labelFormatter={(label) => <>{label} UTC</>} />} />
          <ReferenceLine
            y={limitPerHour}
            strokeDasharray="4 4"
            ifOverflow="extendDomain"
            label={{ value: `Limit ${number.format(limitPerHour)}/h`, position: "insideTopRight" }}
          />
          <Bar dataKey="requests" fill="var(--color-requests)" radius={2} isAnimationActive={false} />
        </BarChart>
      </ChartContainer>
      <figcaption className="text-muted-foreground text-xs">{summary}</figcaption>
      <div className="sr-only">
        <table>
          <caption>ConnectWise requests per hour (UTC); limit {number.format(limitPerHour)} per hour</caption>
          <thead>
            <tr>
              <th scope="col">Hour (UTC)</th>
              <th scope="col">Requests</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.hour}>
                <th scope="row">{bar.label}</th>
                <td>{bar.requests}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
