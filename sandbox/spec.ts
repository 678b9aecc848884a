// Read access to the OpenAPI extract (sandbox/spec/openapi-extract.json): the single source for
// paths, methods, required fields, max lengths, enums and property types.
import { readFileSync } from "node:fs";

export interface OpenApiProperty {
  type?: string;
  format?: string;
  $ref?: string;
  enum?: string[];
  maxLength?: number;
  nullable?: boolean;
  items?: OpenApiProperty;
  additionalProperties?: OpenApiProperty | boolean;
  properties?: Record<string, OpenApiProperty>;
  "x-note"?: string;
}

export interface OpenApiComponent {
  type?: string;
  required?: string[];
  properties: Record<string, OpenApiProperty>;
  "x-note"?: string;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, OpenApiComponent> };
}

const SPEC_URL = new URL("./spec/openapi-extract.json", import.meta.url);
let document: OpenApiDocument | undefined;

function readDocument(): OpenApiDocument {
  document ??= JSON.parse(readFileSync(SPEC_URL, "utf8")) as OpenApiDocument;
  return document;
}

export function readComponent(name: string): OpenApiComponent {
  const component = readDocument().components.schemas[name];
  if (component === undefined) throw new Error(`OpenAPI extract has no component named ${name}`);
  return component;
}

export function readReferencedComponentName(property: OpenApiProperty): string | undefined {
  return property.$ref?.replace(/^#\/components\/schemas\//, "");
}

export interface SpecPath {
  template: string;
  methods: string[]; // upper-case
}

export function listSpecPaths(): SpecPath[] {
  return Object.entries(readDocument().paths).map(([template, operations]) => ({
    template,
    methods: Object.keys(operations).map((method) => method.toUpperCase()),
  }));
}

// Fields the spec says must be sent on updates (PUT), e.g. Agreement.billTime ("Required On Updates").
export function listRequiredOnUpdate(component: OpenApiComponent): string[] {
  return Object.entries(component.properties)
    .filter(([, property]) => /required on updates/i.test(property["x-note"] ?? ""))
    .map(([name]) => name);
}
