import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BadRequestException, type Type } from '@nestjs/common';
import { ChatRequestDto } from '../assistant/chat-request.dto';
import { LoginDto, LogoutDto, RefreshDto, RegisterDto } from '../auth/auth.dto';
import { CreateContactMessageDto, ListContactMessagesQuery } from '../contact/contact.dto';
import {
  CreateProjectDto,
  ListProjectsQuery,
  ProjectLookupQuery,
  ProjectSlugParams,
  UpdateProjectDto,
} from '../projects/projects.dto';
import { ApiValidationPipe } from './api-validation-pipe';
import { jsonBodyProblem } from './json-body';

/**
 * apps/api/openapi.json (the document the API serves: core.integration.test.ts) against the
 * validators: for every request body and parameter it documents, a value at each documented bound
 * is accepted and a value just past it is refused, exactly as a client reading the document would
 * expect. A constraint added to a DTO without the document, or the other way round, fails here.
 */

interface Schema {
  type?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  nullable?: boolean;
  items?: Schema;
  $ref?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean;
}

interface Parameter {
  name: string;
  in: 'query' | 'path';
  schema: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json': { schema: Schema } } };
}

const document = JSON.parse(
  readFileSync(resolve(__dirname, '..', '..', 'openapi.json'), 'utf8'),
) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

/** The DTO class behind each documented body, and a body it accepts. */
const BODIES: Record<string, { dto: Type<object>; valid: Record<string, unknown> }> = {
  RegisterDto: {
    dto: RegisterDto,
    valid: { email: 'ada@example.com', password: 'a'.repeat(12), setupCode: 'a'.repeat(64) },
  },
  LoginDto: {
    dto: LoginDto,
    valid: { email: 'ada@example.com', password: 'x', refreshTokenDelivery: 'cookie' },
  },
  RefreshDto: { dto: RefreshDto, valid: { refreshToken: 'a'.repeat(43) } },
  LogoutDto: { dto: LogoutDto, valid: { refreshToken: 'a'.repeat(43) } },
  CreateProjectDto: {
    dto: CreateProjectDto,
    valid: {
      slug: 'skyport',
      title: 'Skyport',
      summary: 's',
      body: 'b',
      tags: ['aws'],
      url: 'https://example.com/',
      publishedAt: '2026-12-03T10:00:00Z',
    },
  },
  UpdateProjectDto: { dto: UpdateProjectDto, valid: { slug: 'skyport', title: 'Skyport' } },
  ChatRequestDto: {
    dto: ChatRequestDto,
    valid: { messages: [{ role: 'user', content: 'Hello?' }] },
  },
  CreateContactMessageDto: {
    dto: CreateContactMessageDto,
    valid: { name: 'Ada', email: 'ada@example.com', message: 'Hello', website: '' },
  },
};

/** The DTO class behind each operation's parameters, by "METHOD path". */
const PARAMETERS: Record<string, { query?: Type<object>; path?: Type<object> }> = {
  'get /projects': { query: ListProjectsQuery },
  'get /projects/{slug}': { path: ProjectSlugParams, query: ProjectLookupQuery },
  'patch /projects/{slug}': { path: ProjectSlugParams },
  'delete /projects/{slug}': { path: ProjectSlugParams },
  'get /contact/messages': { query: ListContactMessagesQuery },
};

const pipe = new ApiValidationPipe();

/** What the API does with a body before the handler: the body check, then the pipe. */
async function accepts(
  type: 'body' | 'query' | 'param',
  dto: Type<object>,
  value: unknown,
): Promise<boolean> {
  if (type === 'body' && jsonBodyProblem(value) !== undefined) return false;
  try {
    await pipe.transform(value, { type, metatype: dto });
    return true;
  } catch (error) {
    if (error instanceof BadRequestException) return false;
    throw error;
  }
}

function resolved(schema: Schema): Schema {
  return schema.$ref
    ? (document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] ?? {})
    : schema;
}

/** An e-mail address of exactly `length` characters (local part at most 64, labels at most 63). */
function emailOfLength(length: number): string {
  const local = 'a'.repeat(Math.min(64, length - 6));
  let rest = length - local.length - 1 - '.com'.length;
  const labels: string[] = [];
  while (rest > 0) {
    const label = Math.min(63, rest);
    // A label of one character cannot be followed by a dot and another: keep the last ones long.
    const take = rest - label === 1 ? label - 1 : label;
    labels.push('b'.repeat(take));
    rest -= take + 1;
  }
  return `${local}@${labels.join('.')}.com`;
}

/** A string of `length` characters that satisfies everything else the schema says. */
function stringOfLength(schema: Schema, length: number): string {
  if (schema.format === 'email') return emailOfLength(length);
  if (schema.format === 'uri') return `https://example.com/${'a'.repeat(Math.max(0, length - 20))}`;
  return 'a'.repeat(length);
}

/** Hosts a URL pattern has to decide on: a one-letter top-level domain, an IP address, a password. */
const URI_VARIANTS = [
  'https://0.a',
  'https://1.2.3.4/',
  'https://user:pw@example.com/',
  'http://example.com:8080/a?b#c',
  'http://example.com:0/',
  'http://example.com/\u00be',
  'http://example.com/a%zz',
];

interface Case {
  readonly name: string;
  readonly value: unknown;
  readonly documented: boolean;
}

/** Values at and just past each bound the schema documents, and what the document promises. */
function casesFor(schema: Schema): Case[] {
  const cases: Case[] = [];
  const { minLength, maxLength, minimum, maximum, minItems, maxItems } = schema;
  if (schema.type === 'string' && !schema.enum && schema.format !== 'date-time') {
    const low = minLength ?? 0;
    if (low > 0) {
      cases.push({
        name: `${low} characters`,
        value: stringOfLength(schema, low),
        documented: true,
      });
      cases.push({
        name: `${low - 1} characters`,
        value: stringOfLength(schema, low - 1),
        documented: false,
      });
    }
    if (maxLength !== undefined) {
      cases.push({
        name: `${maxLength} characters`,
        value: stringOfLength(schema, maxLength),
        documented: true,
      });
      cases.push({
        name: `${maxLength + 1} characters`,
        value: stringOfLength(schema, maxLength + 1),
        documented: false,
      });
    }
    if (schema.pattern !== undefined) {
      const example = stringOfLength(schema, Math.max(low, Math.min(maxLength ?? 8, 8)));
      const pattern = new RegExp(schema.pattern);
      for (const variant of [
        `${example}\u0000`,
        ` ${example}`,
        example.toUpperCase(),
        '\t \u3000',
        ...(schema.format === 'uri' ? URI_VARIANTS : []),
      ]) {
        const documented =
          pattern.test(variant) &&
          variant.length >= low &&
          variant.length <= (maxLength ?? Infinity) &&
          // A URI has no spaces or control characters (RFC 3986).
          // eslint-disable-next-line no-control-regex -- control characters are the point here
          (schema.format !== 'uri' || !/[\s\x00-\x1f]/.test(variant));
        cases.push({
          name: `pattern with ${JSON.stringify(variant.slice(0, 12))}`,
          value: variant,
          documented,
        });
      }
    }
  }
  if (schema.format === 'email') {
    cases.push({ name: 'not an address', value: 'not-an-address', documented: false });
    cases.push({ name: 'an address with spaces', value: ' ada@example.com', documented: false });
  }
  if (schema.format === 'date-time') {
    cases.push({ name: 'a date-time', value: '2026-12-03T10:00:00.5+01:00', documented: true });
    cases.push({ name: 'a bare date', value: '2026-12-03', documented: false });
    cases.push({ name: 'no zone', value: '2026-12-03T10:00:00', documented: false });
    cases.push({ name: 'year 671', value: '0671-12-07T14:26:13.9-15:22', documented: false });
    cases.push({ name: 'a leap second', value: '2016-12-31T23:59:60Z', documented: false });
    cases.push({ name: 'lower-case t', value: '2026-12-03t10:00:00z', documented: false });
  }
  if (schema.enum) {
    for (const value of schema.enum)
      cases.push({ name: `enum ${String(value)}`, value, documented: true });
    cases.push({ name: 'outside the enum', value: 'other', documented: false });
  }
  if (schema.type === 'integer') {
    for (const [bound, inside] of [
      [minimum, true],
      [maximum, true],
      [minimum === undefined ? undefined : minimum - 1, false],
      [maximum === undefined ? undefined : maximum + 1, false],
    ] as const) {
      if (bound !== undefined) cases.push({ name: `${bound}`, value: bound, documented: inside });
    }
    cases.push({ name: 'a fraction', value: (minimum ?? 0) + 0.5, documented: false });
  }
  if (schema.type === 'array') {
    const item = resolved(schema.items ?? {});
    const sample =
      item.type === 'object' ? undefined : stringOfLength(item, Math.max(item.minLength ?? 1, 1));
    if (sample !== undefined) {
      const distinct = (count: number) =>
        Array.from({ length: count }, (_, index) => `${sample}${index}`);
      if (maxItems !== undefined) {
        cases.push({ name: `${maxItems} items`, value: distinct(maxItems), documented: true });
        cases.push({
          name: `${maxItems + 1} items`,
          value: distinct(maxItems + 1),
          documented: false,
        });
      }
      for (const itemCase of casesFor(item)) {
        cases.push({
          name: `item of ${itemCase.name}`,
          value: [itemCase.value],
          documented: itemCase.documented,
        });
      }
    }
    if (minItems !== undefined && minItems > 0) {
      cases.push({ name: `${minItems - 1} items`, value: [], documented: false });
    }
  }
  cases.push({ name: 'null', value: null, documented: schema.nullable === true });
  return cases;
}

/** In a query string every value is text. */
const asQueryText = (value: unknown) => (typeof value === 'number' ? String(value) : value);

const bodies = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).flatMap(([method, operation]) => {
    const ref = operation.requestBody?.content['application/json'].schema.$ref;
    return ref
      ? [[`${method.toUpperCase()} ${path}`, ref.replace('#/components/schemas/', '')]]
      : [];
  }),
);

describe('the OpenAPI document against the validators', () => {
  it('knows the DTO of every documented body and parameter', () => {
    expect(bodies.length).toBeGreaterThan(0);
    for (const [, name] of bodies) expect(Object.keys(BODIES)).toContain(name);
    const withParameters = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => (operation.parameters ?? []).length > 0)
        .map(([method]) => `${method} ${path}`),
    );
    expect(Object.keys(PARAMETERS).sort()).toEqual(withParameters.sort());
  });

  describe.each(bodies)('%s (%s)', (_operation, name) => {
    const { dto, valid }: { dto: Type<object>; valid: Record<string, unknown> } = BODIES[name] ?? {
      dto: Object,
      valid: {},
    };
    const schema = resolved({ $ref: `#/components/schemas/${name}` });

    it('refuses a body that is not an object (the document types every body as one)', async () => {
      for (const body of [null, [], [valid], 'text', 1, true]) {
        expect({ body, accepted: await accepts('body', dto, body) }).toEqual({
          body,
          accepted: false,
        });
      }
    });

    it('accepts the valid example, refuses unknown properties and missing required ones', async () => {
      expect(await accepts('body', dto, valid)).toBe(true);
      expect(schema.additionalProperties).toBe(false);
      expect(await accepts('body', dto, { ...valid, unknown: 1 })).toBe(false);
      for (const field of schema.required ?? []) {
        const rest = { ...valid };
        delete rest[field];
        expect(await accepts('body', dto, rest)).toBe(false);
      }
    });

    const cases = Object.entries(schema.properties ?? {}).flatMap(([field, property]) =>
      casesFor(resolved(property)).map((item) => [field, item.name, item] as const),
    );
    it.each(cases)('%s: %s as documented', async (field, _name, item) => {
      const body = { ...valid, [field]: item.value };
      expect({ field, value: item.value, accepted: await accepts('body', dto, body) }).toEqual({
        field,
        value: item.value,
        accepted: item.documented,
      });
    });

    const items = schema.properties?.messages?.items;
    if (items?.$ref) {
      const message = resolved(items);
      const nested = Object.entries(message.properties ?? {}).flatMap(([field, property]) =>
        casesFor(property).map((item) => [field, item.name, item] as const),
      );
      it.each(nested)('messages[0].%s: %s as documented', async (field, _name, item) => {
        const body = { messages: [{ role: 'user', content: 'Hello?', [field]: item.value }] };
        // A conversation must start with the user: the enum's other value is refused for that
        // reason, which the document says in words.
        const documented = item.documented && !(field === 'role' && item.value === 'assistant');
        expect(await accepts('body', dto, body)).toBe(documented);
      });
      it('messages[0]: refuses unknown properties', async () => {
        expect(message.additionalProperties).toBe(false);
        const body = { messages: [{ role: 'user', content: 'Hello?', unknown: 1 }] };
        expect(await accepts('body', dto, body)).toBe(false);
      });
    }
  });

  describe.each(Object.entries(PARAMETERS))('%s parameters', (key, classes) => {
    const [method = '', path = ''] = key.split(' ');
    const parameters = document.paths[path]?.[method]?.parameters ?? [];
    const cases = parameters.flatMap((parameter) =>
      casesFor(parameter.schema)
        // A query string or a path cannot carry null.
        .filter((item) => item.name !== 'null')
        .map((item) => [parameter.in, parameter.name, item.name, item] as const),
    );
    it.each(cases)('%s %s: %s as documented', async (location, name, _case, item) => {
      const dto = location === 'path' ? classes.path : classes.query;
      expect(dto).toBeDefined();
      const value =
        location === 'path'
          ? { slug: 'skyport', [name]: item.value }
          : { [name]: asQueryText(item.value) };
      expect(await accepts(location === 'path' ? 'param' : 'query', dto ?? Object, value)).toBe(
        item.documented,
      );
    });
  });
});
