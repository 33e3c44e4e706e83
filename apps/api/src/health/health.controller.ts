import { Controller, Get } from '@nestjs/common';

/** Liveness: answers as long as the process serves HTTP. It touches no dependency on purpose. */
@Controller('health')
export class HealthController {
  @Get()
  check(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
