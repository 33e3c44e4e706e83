import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { BODY_LIMIT_BYTES } from './json-body';

/** The OpenAPI document, built from the controllers' decorators. */
export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Skyport API')
    .setDescription(
      'Portfolio projects, contact messages and the AI assistant. Errors are JSON ' +
        '`{ statusCode, error, message, requestId }`.',
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'access-token')
    .build();
  return documentBodyRefusals(closeRequestBodies(SwaggerModule.createDocument(app, config)));
}

/**
 * What every operation with a body may answer before its handler runs (create-app.ts,
 * http/json-body.ts): 413 past the body limit, 415 for a body that is not `application/json`.
 */
function documentBodyRefusals(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as Array<{
      requestBody?: unknown;
      responses?: Record<string, unknown>;
    }>) {
      if (operation?.requestBody === undefined || operation.responses === undefined) continue;
      operation.responses['413'] ??= {
        description: `The body is larger than ${BODY_LIMIT_BYTES / 1024} KiB.`,
      };
      operation.responses['415'] ??= {
        description: 'The body is not `application/json`.',
      };
    }
  }
  return document;
}

/**
 * The validation pipe refuses unknown fields (`forbidNonWhitelisted`), at every level of a body:
 * every schema a request body reaches says so with `additionalProperties: false`.
 */
function closeRequestBodies(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Record<string, unknown>>;
  const closed = new Set<string>();
  const close = (schema: unknown): void => {
    if (typeof schema !== 'object' || schema === null) return;
    const node = schema as Record<string, unknown>;
    const ref = node.$ref;
    if (typeof ref === 'string') {
      const name = ref.replace('#/components/schemas/', '');
      if (closed.has(name)) return;
      closed.add(name);
      close(schemas[name]);
      return;
    }
    if (node.type === 'object' || node.properties !== undefined) node.additionalProperties = false;
    for (const property of Object.values((node.properties ?? {}) as Record<string, unknown>)) {
      close(property);
    }
    close(node.items);
  };
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as Array<{ requestBody?: unknown }>) {
      const body = operation?.requestBody as
        { content?: Record<string, { schema?: unknown }> } | undefined;
      for (const media of Object.values(body?.content ?? {})) close(media.schema);
    }
  }
  return document;
}

/** Methods a route can be called with; HEAD comes with GET, OPTIONS is the CORS preflight's. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'TRACE', 'QUERY'] as const;

/**
 * Every documented path answers a method it does not document with 405 and `Allow`, instead of
 * 404 (which would say the path does not exist). Answered in onRequest, before any body is read.
 */
export function refuseUndocumentedMethods(
  app: NestFastifyApplication,
  document: OpenAPIObject,
): void {
  const fastify = app.getHttpAdapter().getInstance();
  for (const [path, item] of Object.entries(document.paths)) {
    const documented = new Set(Object.keys(item).map((method) => method.toUpperCase()));
    if (documented.has('GET')) documented.add('HEAD');
    const allow = METHODS.filter((method) => documented.has(method)).join(', ');
    const undocumented = METHODS.filter((method) => !documented.has(method));
    fastify.route({
      method: [...undocumented],
      url: path.replace(/\{(\w+)\}/g, ':$1'),
      onRequest: (request, reply, done) => {
        void reply
          .code(405)
          .header('allow', allow)
          .send({
            statusCode: 405,
            error: 'Method Not Allowed',
            message: `${request.method} is not allowed here; use ${allow}`,
            requestId: request.id,
          });
        done();
      },
      handler: () => undefined,
    });
  }
}

/**
 * `GET /docs`: the OpenAPI 3 document as JSON, for client generators and API explorers. No
 * bundled Swagger UI: it would need inline scripts (a looser CSP) and static-file serving that
 * the API otherwise does not have; any OpenAPI viewer can open this URL or `openapi.json`.
 */
export function serveOpenApi(app: NestFastifyApplication, document: OpenAPIObject): void {
  const body = JSON.stringify(document);
  app
    .getHttpAdapter()
    .getInstance()
    .get('/docs', (_request, reply) => {
      void reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(body);
    });
}
