import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';

@ApiTags('hello')
@Controller('hello')
export class HelloController {
  /** The smallest useful answer: proves routing, serialization and headers; the benchmark's base line. */
  @Get()
  @ApiOkResponse({ schema: { example: { message: 'Hello from Skyport' } } })
  hello(): { message: string } {
    return { message: 'Hello from Skyport' };
  }
}
