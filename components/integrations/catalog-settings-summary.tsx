import type { CatalogSettings } from "@/db/schema";

/** The catalog settings as viewers see them (read-only). */
export function CatalogSettingsSummary({ settings }: { settings: CatalogSettings | null }) {
  if (!settings) {
    return (
      <p className="text-muted-foreground text-sm">
        Not chosen yet. An owner or admin can choose them; the first publish picks defaults.
      </p>
    );
  }
  const price =
    settings.pricePolicy.kind === "suggested"
      ? "The vendor's suggested price"
      : `Cost plus ${settings.pricePolicy.percent}%`;
  const rows: Array<[string, string]> = [
    ["Product type", settings.productTypeName],
    ["Category", settings.categoryName],
    ["Subcategory", settings.subcategoryName],
    ["Unit of measure", settings.unitOfMeasureName ?? "ConnectWise's default"],
    ...Object.entries(settings.unitsByProductUnit ?? {}).map(([productUnit, unit]): [string, string] => [
      `Per ${productUnit}`,
      unit.name,
    ]),
    ["Product ID prefix", settings.identifierPrefix || "(none)"],
    ["Price", price],
    ["Taxable", settings.taxable ? "Yes" : "No"],
  ];
  return (
    <div className="grid gap-2">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm" aria-label="Catalog settings">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-muted-foreground">{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="text-muted-foreground text-xs">Only owners and admins can change these.</p>
    </div>
  );
}
