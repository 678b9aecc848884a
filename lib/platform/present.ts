/** The platform API's response bodies, built from rows. */
import type { PlatformOrganizationRow } from "@/db/queries/organizations";
import type { Product } from "@/db/schema";
import type { OrganizationBody, ProductBody } from "@/lib/schemas/platform-api";

export function presentProduct(product: Product): ProductBody {
  return {
    sku: product.sku,
    name: product.name,
    description: product.description,
    unit: product.unit,
    unitPrice: Number(product.suggestedPrice),
    unitCost: Number(product.cost),
    active: product.active,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}

export function presentOrganization(
  organization: PlatformOrganizationRow,
  quantities: Record<string, number>,
): OrganizationBody {
  const mapping = organization.mapping;
  return {
    externalId: organization.externalId,
    name: organization.name,
    status: organization.status === "suspended" ? "suspended" : "active",
    usage: {
      asOf: organization.usageAsOf?.toISOString() ?? null,
      reportedAt: organization.usageReportedAt?.toISOString() ?? null,
      quantities,
    },
    mapping: mapping
      ? {
          companyName: mapping.companyName,
          agreementName: mapping.agreementName,
          syncEnabled: mapping.syncEnabled,
          lastRun: mapping.lastRunState
            ? { state: mapping.lastRunState, finishedAt: mapping.lastRunFinishedAt?.toISOString() ?? null }
            : null,
        }
      : null,
    createdAt: organization.createdAt.toISOString(),
    updatedAt: organization.updatedAt.toISOString(),
  };
}
