/**
 * The ConnectWise client's public surface. Everything outside lib/connectwise imports from here; the wire
 * format (wire-format.ts) is deliberately not exported.
 */
export {
  checkConnectWiseConnection,
  createConnectWiseClient,
  type ConnectionCheck,
  type ConnectWiseClient,
} from "./client";
export type { ListAgreementsOptions } from "./agreements";
export type { ListCompaniesOptions } from "./companies";
export { discoverCompany } from "./discovery";
export type { ConnectWiseClientConfig, ConnectWiseTransportOptions } from "./transport";
export {
  CONNECTWISE_API_VERSION,
  DEVELOPMENT_CLIENT_ID,
  readConnectWiseEnvironment,
  resolveConnectWiseClientId,
  type ConnectWiseEnvironment,
} from "./config";
export { Condition, escapeLikePattern, where, type ConditionValue } from "./conditions";
export { formatConnectWiseDate, formatConnectWiseDateTime, parseConnectWiseDateTime } from "./date-time";
export * from "./errors";
export { closeIdleConnectWiseConnections } from "./guarded-fetch";
export type { ConnectWiseRequestRecord, RequestLimiter } from "./http";
export { PagedList } from "./paging";
export {
  findRequiredPermission,
  PERMISSION_CATALOG,
  type PermissionDefinition,
  type PermissionName,
} from "./permissions";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
export { assertSiteUrlAllowed, classifyIpAddress, readAllowPrivateHosts, type AddressCategory } from "./site-safety";
export { normalizeSite, type ConnectWiseSite } from "./site";
export * from "./types";
