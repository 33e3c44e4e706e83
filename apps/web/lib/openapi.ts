/**
 * Reads the API's OpenAPI document (apps/api/openapi.json, written by the API's build) into what
 * the API reference page shows: operations grouped by tag, and the schemas they use.
 */
export interface OpenApiDocument {
  readonly info: {
    readonly title: string;
    readonly description?: string;
    readonly version: string;
  };
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  readonly components?: { readonly schemas?: Record<string, OpenApiSchema> };
}

interface OpenApiOperation {
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly parameters?: ReadonlyArray<{
    readonly name: string;
    readonly in: string;
    readonly required?: boolean;
    readonly description?: string;
    readonly schema?: OpenApiSchema;
  }>;
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: OpenApiSchema }> };
  readonly responses?: Record<
    string,
    {
      readonly description?: string;
      readonly content?: Record<string, { readonly schema?: OpenApiSchema }>;
    }
  >;
  readonly security?: ReadonlyArray<Record<string, unknown>>;
}

export interface OpenApiSchema {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly items?: OpenApiSchema;
  readonly description?: string;
  readonly properties?: Record<string, OpenApiSchema>;
  readonly required?: readonly string[];
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly nullable?: boolean;
}

export interface Operation {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly authenticated: boolean;
  readonly parameters: ReadonlyArray<{
    name: string;
    in: string;
    required: boolean;
    type: string;
    description?: string;
  }>;
  readonly requestSchema?: string;
  readonly responses: ReadonlyArray<{ status: string; description: string; schema?: string }>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Operations grouped by their first tag, tags in order of first appearance. */
export function operationsByTag(document: OpenApiDocument): Map<string, Operation[]> {
  const groups = new Map<string, Operation[]>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? 'other';
      const list = groups.get(tag) ?? [];
      list.push({
        id: `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-+$/, ''),
        method: method.toUpperCase(),
        path,
        summary: operation.summary ?? '',
        description: operation.description,
        authenticated: (operation.security ?? []).length > 0,
        parameters: (operation.parameters ?? []).map((parameter) => ({
          name: parameter.name,
          in: parameter.in,
          required: parameter.required ?? false,
          type: typeName(parameter.schema),
          description: parameter.description,
        })),
        requestSchema: schemaName(firstContentSchema(operation.requestBody?.content)),
        responses: Object.entries(operation.responses ?? {}).map(([status, response]) => ({
          status,
          description: response.description ?? '',
          schema: schemaName(firstContentSchema(response.content)),
        })),
      });
      groups.set(tag, list);
    }
  }
  return groups;
}

function firstContentSchema(
  content: Record<string, { readonly schema?: OpenApiSchema }> | undefined,
) {
  return content ? Object.values(content)[0]?.schema : undefined;
}

function schemaName(schema: OpenApiSchema | undefined): string | undefined {
  if (!schema?.$ref) return undefined;
  return schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1);
}

/** A schema's type as a reader wants it: `string (uuid)`, `ProjectDto`, `string[]`, `'a' | 'b'`. */
export function typeName(schema: OpenApiSchema | undefined): string {
  if (!schema) return 'any';
  if (schema.$ref) return schemaName(schema) ?? 'object';
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.type === 'array') return `${typeName(schema.items)}[]`;
  const base = schema.type ?? 'object';
  return schema.format ? `${base} (${schema.format})` : base;
}
