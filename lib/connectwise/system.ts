/** Sign-in (system info) and the permission checklist. */
import type { ApiCall, ApiSession } from "./api-session";
import {
  BadCredentialsError,
  ConnectWiseConfigurationError,
  ConnectWiseError,
  MissingPermissionError,
  NotFoundError,
  ValidationError,
} from "./errors";
import { PERMISSION_CATALOG, type PermissionDefinition, type PermissionName } from "./permissions";
import type { ConnectWiseSystemInfo, PermissionCheck } from "./types";
import { readSystemInfo, type WireSystemInfo } from "./wire-format";

export function systemApi({ call }: ApiSession) {
  async function getSystemInfo(): Promise<ConnectWiseSystemInfo> {
    const response = await call<WireSystemInfo>({
      method: "GET",
      path: "/system/info",
      operation: "sign in to ConnectWise",
      notFoundMeansBadCredentials: true,
    });
    return readSystemInfo(response.data);
  }

  async function probePermissions(): Promise<PermissionCheck[]> {
    return await Promise.all(PERMISSION_CATALOG.map((definition) => probePermission(definition)));
  }

  async function probePermission(definition: PermissionDefinition): Promise<PermissionCheck> {
    const probe = PERMISSION_PROBES[definition.name];
    const result = (granted: boolean | null, status: number | null, detail: string): PermissionCheck => ({
      permission: definition.name,
      granted,
      status,
      detail,
      definition,
    });
    try {
      const response = await call<unknown>({ ...probe, operation: `check the permission ${definition.name}` });
      return result(true, response.status, "Granted.");
    } catch (error) {
      if (error instanceof MissingPermissionError)
        return result(false, error.status, `Missing. ${definition.blocksWhenMissing}`);
      // Add and Edit probes are built to be refused for validation (or to name a record that cannot exist);
      // a member without the permission gets 403 before ConnectWise looks at the body.
      if (probe.method !== "GET" && (error instanceof ValidationError || error instanceof NotFoundError)) {
        return result(true, error.status, "Granted.");
      }
      if (error instanceof BadCredentialsError || error instanceof ConnectWiseConfigurationError) throw error;
      if (error instanceof ConnectWiseError)
        return result(null, error.status, `Could not be checked: ${error.message}`);
      throw error;
    }
  }

  return { getSystemInfo, probePermissions };
}

/**
 * The request that tells whether the member has each permission, without changing anything even on a real
 * tenant: Inquire reads one row; Add posts an empty record (its required company/contact or identifier,
 * subcategory and type cannot be defaulted, so validation refuses it); Edit patches record 0, which cannot
 * exist, with a patch that would itself fail validation (a required field emptied).
 */
const PERMISSION_PROBES: Record<PermissionName, Omit<ApiCall, "operation">> = {
  "Companies > Company Maintenance > Inquire": {
    method: "GET",
    path: "/company/companies",
    query: { pageSize: 1, fields: "id" },
  },
  "Finance > Agreements > Inquire": {
    method: "GET",
    path: "/finance/agreements",
    query: { pageSize: 1, fields: "id" },
  },
  "Finance > Agreements > Add": { method: "POST", path: "/finance/agreements", body: {} },
  "Finance > Agreements > Edit": {
    method: "PATCH",
    path: "/finance/agreements/0",
    body: [{ op: "replace", path: "name", value: "" }],
  },
  "Procurement > Product Catalog > Inquire": {
    method: "GET",
    path: "/procurement/catalog",
    query: { pageSize: 1, fields: "id" },
  },
  "Procurement > Product Catalog > Add": { method: "POST", path: "/procurement/catalog", body: {} },
  "Procurement > Product Catalog > Edit": {
    method: "PATCH",
    path: "/procurement/catalog/0",
    body: [{ op: "replace", path: "identifier", value: "" }],
  },
  "System > Table Setup > Inquire": { method: "GET", path: "/procurement/types", query: { pageSize: 1, fields: "id" } },
};
