/** A small bar chart drawn as a table: each row's value is text, the bar only repeats it visually. */
export function BarTable({
  caption,
  labelHeader,
  valueHeader,
  rows,
  limit,
}: {
  caption: string;
  labelHeader: string;
  valueHeader: string;
  rows: ReadonlyArray<{ label: string; value: number }>;
  /** A reference value (e.g. a configured limit) the bars are scaled against when larger. */
  limit?: number;
}) {
  const scale = Math.max(limit ?? 0, ...rows.map((row) => row.value), 1);
  return (
    <table className="w-full text-sm">
      <caption className="text-muted-foreground mb-2 text-left text-xs">{caption}</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">{labelHeader}</th>
          <th scope="col">{valueHeader}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label}>
            <th scope="row" className="w-40 py-1 pr-2 text-left font-normal">
              {row.label}
            </th>
            <td className="py-1">
              <div className="flex items-center gap-2">
                <div className="bg-muted h-3 flex-1 rounded-sm" aria-hidden>
                  <div className="bg-primary h-3 rounded-sm" style={{ width: `${(row.value / scale) * 100}%` }} />
                </div>
                <span className="w-12 text-right tabular-nums">{row.value}</span>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
