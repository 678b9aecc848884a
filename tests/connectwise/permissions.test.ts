import { describe, expect, it } from "vitest";
import { findPermissionNamedInText, findRequiredPermission, PERMISSION_CATALOG } from "@/lib/connectwise/permissions";

describe("PERMISSION_CATALOG", () => {
  it("lists the seed's six and the two Edit levels, each saying what a missing one blocks", () => {
    expect(
      PERMISSION_CATALOG.filter((permission) => permission.requiredBy === "seed").map((permission) => permission.name),
    ).toEqual([
      "Companies > Company Maintenance > Inquire",
      "Finance > Agreements > Inquire",
      "Finance > Agreements > Add",
      "Procurement > Product Catalog > Inquire",
      "Procurement > Product Catalog > Add",
      "System > Table Setup > Inquire",
    ]);
    expect(
      PERMISSION_CATALOG.filter((permission) => permission.requiredBy === "edit").map((permission) => permission.name),
    ).toEqual(["Finance > Agreements > Edit", "Procurement > Product Catalog > Edit"]);
    for (const permission of PERMISSION_CATALOG) {
      expect(permission.name).toBe(`${permission.module} > ${permission.area} > ${permission.level}`);
      expect(permission.blocksWhenMissing.length).toBeGreaterThan(10);
      expect(permission.neededFor.length).toBeGreaterThan(10);
    }
  });
});

describe("findRequiredPermission", () => {
  it("maps requests to the permission they need, ignoring case, slashes and query", () => {
    expect(findRequiredPermission("get", "company/companies?conditions=x")).toBe(
      "Companies > Company Maintenance > Inquire",
    );
    expect(findRequiredPermission("GET", "/company/companies/statuses")).toBe(
      "Companies > Company Maintenance > Inquire",
    );
    expect(findRequiredPermission("GET", "/finance/agreements/types")).toBe("Finance > Agreements > Inquire");
    expect(findRequiredPermission("GET", "/finance/billingCycles")).toBe("Finance > Agreements > Inquire");
    expect(findRequiredPermission("GET", "/Procurement/Categories/4/subcategories/")).toBe(
      "System > Table Setup > Inquire",
    );
    expect(findRequiredPermission("PATCH", "/procurement/catalog/3")).toBe("Procurement > Product Catalog > Edit");
  });

  it("returns null for calls outside the catalog", () => {
    expect(findRequiredPermission("GET", "/system/info")).toBeNull();
    expect(findRequiredPermission("DELETE", "/finance/agreements/1/additions/2")).toBeNull();
    expect(findRequiredPermission("POST", "/company/companies")).toBeNull();
    expect(findRequiredPermission("GET", "/procurement/catalogue")).toBeNull();
  });

  it("finds a permission written in a message", () => {
    expect(findPermissionNamedInText("missing Finance>Agreements>Edit")).toBe("Finance > Agreements > Edit");
    expect(findPermissionNamedInText("Improper security role settings")).toBeNull();
  });
});
