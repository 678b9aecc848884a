"use client";

import * as React from "react";
import * as Recharts from "recharts";
import type { TooltipContentProps, TooltipValueType } from "recharts";
import { cn } from "@/lib/utils";

/** The theme selectors a series' colour can differ by: the root, and the `.dark` class when present. */
const themeSelectors = { light: "", dark: ".dark" } as const;

/** Each series (a chart's dataKey) with its label and its colour, one colour or one per theme. */
export type ChartConfig = Record<
  string,
  { label: React.ReactNode } & (
    { color: string; theme?: never } | { color?: never; theme: Record<keyof typeof themeSelectors, string> }
  )
>;

const ChartConfigContext = React.createContext<ChartConfig | null>(null);

function useChartConfig(): ChartConfig {
  const config = React.useContext(ChartConfigContext);
  if (!config) throw new Error("Chart parts belong inside a ChartContainer");
  return config;
}

/**
 * Writes `--color-<series>` for every series of the config, per theme, scoped to one chart, so the
 * chart's marks use `var(--color-<series>)` and follow the theme without any colour in the markup.
 */
function ChartStyle({ chartId, config }: { chartId: string; config: ChartConfig }) {
  const entries = Object.entries(config);
  if (entries.length === 0) return null;
  const css = Object.entries(themeSelectors)
    .map(([theme, selector]) => {
      const declarations = entries
        .map(([key, series]) => {
          const colour = series.theme?.[theme as keyof typeof themeSelectors] ?? series.color;
          return colour ? `  --color-${key}: ${colour};` : null;
        })
        .filter(Boolean)
        .join("\n");
      return `${selector} [data-chart="${chartId}"] {\n${declarations}\n}`;
    })
    .join("\n");
  return <style dangerouslySetInnerHTML={{ __html: css }} />;
}

/**
 * A chart's frame: provides the config to the tooltip and legend, sets the series' colour variables
 * and sizes the Recharts chart to its box. Recharts' own grey strokes and fills are mapped to the
 * theme's border and muted colours so the chart reads in light and dark.
 */
function ChartContainer({
  id,
  className,
  config,
  children,
  ...props
}: Omit<React.ComponentProps<"div">, "children"> & {
  config: ChartConfig;
  children: React.ComponentProps<typeof Recharts.ResponsiveContainer>["children"];
}) {
  const reactId = React.useId();
  const chartId = `chart-${(id ?? reactId).replace(/[^a-zA-Z0-9_-]/g, "")}`;
  return (
    <ChartConfigContext.Provider value={config}>
      <div
        data-slot="chart"
        data-chart={chartId}
        className={cn(
          "flex aspect-video justify-center text-xs",
          "[&_.recharts-cartesian-axis-tick_text]:fill-muted-foreground [&_.recharts-text]:fill-muted-foreground",
          "[&_.recharts-cartesian-grid_line[stroke='#ccc']]:stroke-border [&_.recharts-reference-line_line]:stroke-foreground",
          "[&_.recharts-rectangle.recharts-tooltip-cursor]:fill-muted [&_.recharts-layer]:outline-none",
          "[&_.recharts-surface]:outline-none [&_.recharts-surface:focus-visible]:outline-2",
          "[&_.recharts-surface:focus-visible]:outline-offset-[-2px] [&_.recharts-surface:focus-visible]:outline-ring",
          // The tooltip's wrapper stays in the chart's box, so it never widens the page.
          "overflow-hidden",
          className,
        )}
        {...props}
      >
        <ChartStyle chartId={chartId} config={config} />
        <Recharts.ResponsiveContainer initialDimension={{ width: 320, height: 180 }}>
          {children}
        </Recharts.ResponsiveContainer>
      </div>
    </ChartConfigContext.Provider>
  );
}

const ChartTooltip = Recharts.Tooltip;

/** The tooltip's body: the hovered (or keyboard-focused) label and each series' value in its colour. */
function ChartTooltipContent({
  active,
  payload,
  label,
  labelFormatter,
  className,
}: Partial<TooltipContentProps<TooltipValueType, string | number>> & {
  className?: string;
  labelFormatter?: (label: React.ReactNode) => React.ReactNode;
}) {
  const config = useChartConfig();
  if (!active || !payload?.length) return null;
  return (
    <div
      className={cn("bg-background grid min-w-32 gap-1 rounded-lg border px-2.5 py-1.5 text-xs shadow-xl", className)}
    >
      <div className="font-medium">{labelFormatter ? labelFormatter(label as React.ReactNode) : label}</div>
      {payload.map((item) => {
        const key = String(item.dataKey ?? item.name ?? "");
        const series = config[key];
        return (
          <div key={key} className="flex items-center gap-2">
            <span
              aria-hidden
              className="size-2.5 shrink-0 rounded-[2px]"
              style={{ backgroundColor: `var(--color-${key})` }}
            />
            <span className="text-muted-foreground">{series?.label ?? key}</span>
            <span className="ml-auto font-mono font-medium tabular-nums">
              {typeof item.value === "number" ? item.value.toLocaleString("en-US") : String(item.value ?? "")}
            </span>
          </div>
        );
      })}
    </div>
  );
}

/** A legend of the config's series (drawn from the config, so it exists before any hover). */
function ChartLegendList({
  config,
  keys,
  className,
}: {
  config: ChartConfig;
  keys?: readonly string[];
  className?: string;
}) {
  const shown = keys ?? Object.keys(config);
  return (
    <ul className={cn("flex flex-wrap items-center justify-center gap-x-4 gap-y-1 pt-2 text-xs", className)}>
      {shown.map((key) => (
        <li key={key} className="flex items-center gap-1.5">
          <span
            aria-hidden
            className="size-2.5 shrink-0 rounded-[2px]"
            style={{ backgroundColor: `var(--color-${key})` }}
          />
          {config[key]?.label ?? key}
        </li>
      ))}
    </ul>
  );
}

export { ChartContainer, ChartLegendList, ChartStyle, ChartTooltip, ChartTooltipContent, useChartConfig };
