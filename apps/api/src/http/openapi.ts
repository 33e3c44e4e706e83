import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

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
  return SwaggerModule.createDocument(app, config);
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
