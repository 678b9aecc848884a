import type { WorkspaceAction } from "@/lib/actions/define-action";
import { applyConnectWise, checkConnectWise, disconnectConnectWise, recheckConnectWise } from "./connectwise";
import { snapshotUsageNow } from "./usage";
import { selectWorkspace } from "./workspaces";
import { listCatalogOptions, listCatalogSubcategories, publishCatalogNow, saveCatalogSettingsAction } from "./catalog";
import { mappingActions } from "./mappings";
import { previewSync, syncAll, syncNow } from "./sync";
import { alertActions } from "@/lib/actions/alerts";

/**
 * Every workspace action, for the authorization and isolation tests: each one must refuse a viewer
 * (when it writes) and must never reach another workspace's rows.
 */
export const workspaceActions = [
  snapshotUsageNow,
  selectWorkspace,
  checkConnectWise,
  applyConnectWise,
  disconnectConnectWise,
  recheckConnectWise,
  syncNow,
  syncAll,
  previewSync,
  ...mappingActions,
  publishCatalogNow,
  saveCatalogSettingsAction,
  listCatalogOptions,
  listCatalogSubcategories,
  ...alertActions,
] as unknown as ReadonlyArray<WorkspaceAction<never, unknown>>;
