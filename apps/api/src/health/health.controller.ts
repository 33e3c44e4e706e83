import { Controller, Get, Header, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readiness } from './readiness';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  /** Liveness: the container and load-balancer health check. Touches no dependency on purpose. */
  @Get('health')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: 'The process is alive.', schema: { example: { status: 'ok' } } })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: every dependency answers within its timeout and the process is not draining. */
  @Get('ready')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: 'PostgreSQL, Redis and RabbitMQ answer.' })
  @ApiServiceUnavailableResponse({
    description: 'A dependency is down (named) or the process is draining.',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.readiness.check();
    const failing = Object.entries(report.checks)
      .filter(([, state]) => state !== 'up')
      .map(([name]) => name);
    void reply.status(report.ready ? 200 : 503);
    return {
      status: report.ready ? 'ready' : report.draining ? 'draining' : 'unavailable',
      ...(failing.length > 0 ? { failing } : {}),
      checks: report.checks,
    };
  }
}
