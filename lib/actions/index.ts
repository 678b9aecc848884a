import { approvalActions } from "./approvals";
import { billingActions } from "./billing";
import type { WorkspaceAction } from "./define-action";
import { apiTokenActions } from "./api-tokens";
import {
  listCatalogOptionsAction,
  listCatalogSubcategoriesAction,
  publishCatalogAction,
  saveCatalogSettingsAction,
} from "./catalog";
import {
  applyConnectWiseAction,
  checkConnectWiseAction,
  disconnectConnectWiseAction,
  recheckConnectWiseAction,
} from "./connectwise";
import { mappingActions } from "./mappings";
import { previewSyncAction, setSyncSettingsAction, syncAllAction, syncNowAction } from "./sync";
import { snapshotUsageAction } from "./usage";
import { selectWorkspaceAction } from "./workspaces";
import { peopleActions } from "./people";
import { auditActions } from "./audit";
import { alertActions } from "./alerts";
import { reportActions } from "./reports";

/**
 * Every workspace action, for the authorization and isolation tests: each one must refuse a viewer
 * (when it writes) and must never reach another workspace's rows.
 */
export const workspaceActions = [
  snapshotUsageAction,
  selectWorkspaceAction,
  checkConnectWiseAction,
  applyConnectWiseAction,
  disconnectConnectWiseAction,
  recheckConnectWiseAction,
  syncNowAction,
  syncAllAction,
  previewSyncAction,
  setSyncSettingsAction,
  ...mappingActions,
  publishCatalogAction,
  saveCatalogSettingsAction,
  listCatalogOptionsAction,
  listCatalogSubcategoriesAction,
  ...peopleActions,
  ...auditActions,
  ...billingActions,
  ...approvalActions,
  ...alertActions,
  ...apiTokenActions,
  ...reportActions,
] as unknown as ReadonlyArray<WorkspaceAction<never, unknown>>;
