// Query engine of the ConnectWise sandbox: conditions / childConditions, orderBy, fields and
// paging, as described in sandbox/query/README.md and notes/sandbox-query-interface.md.
export { schemaFromOpenApi, type FieldSchema } from "./field-schema";
export {
  QueryError,
  QUERY_ERROR_TOP_LEVEL_CODE,
  type ConnectWiseErrorBody,
  type QueryErrorCode,
  type QueryParameterName,
} from "./query-error";
export { compileConditions, type CompileConditionsOptions } from "./compile-conditions";
export { compileOrderBy } from "./compile-order-by";
export { compileFieldProjection, projectFields } from "./project-fields";
export { paginate, DEFAULT_PAGE_SIZE, MAXIMUM_PAGE_SIZE, type PageRequest, type PageResult } from "./paginate";
