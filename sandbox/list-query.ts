// Applies ConnectWise's list parameters (conditions, childConditions, customFieldConditions, orderBy,
// paging, fields) to presented records, using the query engine in sandbox/query.
import {
  compileConditions,
  compileOrderBy,
  paginate,
  projectFields,
  schemaFromOpenApi,
  type FieldSchema,
} from "./query/index";

export type QueryParameters = Map<string, string>; // lower-cased names (ASP.NET binds them case-insensitively)

export function readQueryParameters(url: URL): QueryParameters {
  const parameters = new Map<string, string>();
  for (const [name, value] of url.searchParams) {
    const key = name.toLowerCase();
    if (!parameters.has(key)) parameters.set(key, value);
  }
  return parameters;
}

const schemas = new Map<string, FieldSchema>();

export function readFieldSchema(componentName: string): FieldSchema {
  let schema = schemas.get(componentName);
  if (!schema) schemas.set(componentName, (schema = schemaFromOpenApi(componentName)));
  return schema;
}

type Presented = Record<string, unknown> & { id: number };

export function filterRecords(records: Presented[], componentName: string, parameters: QueryParameters): Presented[] {
  const schema = readFieldSchema(componentName);
  let filtered = records;
  const conditions = parameters.get("conditions");
  if (conditions) filtered = filtered.filter(compileConditions(conditions, schema));
  const childConditions = parameters.get("childconditions");
  if (childConditions) {
    filtered = filtered.filter(
      compileConditions(childConditions, schema, { allowIn: false, parameterName: "childConditions" }),
    );
  }
  const customFieldConditions = parameters.get("customfieldconditions");
  if (customFieldConditions) {
    const matches = compileConditions(customFieldConditions, readFieldSchema("CustomFieldValue"), {
      allowIn: false,
      parameterName: "customFieldConditions",
    });
    filtered = filtered.filter(
      (record) => Array.isArray(record.customFields) && record.customFields.some((field) => matches(field)),
    );
  }
  return filtered;
}

export function listPage(
  records: Presented[],
  componentName: string,
  parameters: QueryParameters,
  forwardOnly: boolean,
  requestUrl: URL,
): { items: unknown[]; link: string | null } {
  const schema = readFieldSchema(componentName);
  let rows = filterRecords(records, componentName, parameters);
  const orderBy = parameters.get("orderby");
  if (orderBy && !forwardOnly) rows = [...rows].sort(compileOrderBy(orderBy, schema));
  const page = paginate(
    rows,
    {
      page: parameters.get("page") ?? null,
      pageSize: parameters.get("pagesize") ?? null,
      pageId: parameters.get("pageid") ?? null,
      forwardOnly,
      orderBy: orderBy ?? null,
    },
    requestUrl,
  );
  return { items: projectRecords(page.items, componentName, parameters), link: page.link };
}

export function projectRecords(records: unknown[], componentName: string, parameters: QueryParameters): unknown[] {
  const fields = parameters.get("fields");
  if (!fields) return records;
  const schema = readFieldSchema(componentName);
  return records.map((record) => projectFields(record, fields, schema));
}
