import { Body, Controller, Get, Header, HttpCode, Post, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiBadRequestResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RateLimiter, type RateLimit } from '../rate-limit/rate-limiter';
import { OwnerOnly } from '../auth/auth.guard';
import {
  ContactAcceptedDto,
  ContactMessagePageDto,
  CreateContactMessageDto,
  ListContactMessagesQuery,
} from './contact.dto';
import { ContactService } from './contact.service';

/** Messages per client address: enough for a person, too few for a spam run. */
export const CONTACT_PER_IP: RateLimit = {
  bucket: 'contact-ip',
  limit: 5,
  windowMs: 10 * 60 * 1000,
};

@ApiTags('contact')
@Controller('contact')
export class ContactController {
  constructor(
    private readonly contact: ContactService,
    private readonly limiter: RateLimiter,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a message to the owner',
    description:
      'Stores the message; the owner is notified asynchronously. Limited to 5 messages per ' +
      'client address per 10 minutes.',
  })
  @ApiAcceptedResponse({
    type: ContactAcceptedDto,
    description: 'Stored; the owner will be notified.',
  })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid (named in `message`).' })
  @ApiTooManyRequestsResponse({
    description: 'Too many messages from this address.',
    headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } },
  })
  @ApiServiceUnavailableResponse({
    description: 'The database or the rate limiter is unavailable.',
  })
  async create(
    @Body() body: CreateContactMessageDto,
    @Req() request: FastifyRequest,
  ): Promise<ContactAcceptedDto> {
    await this.limiter.enforce(
      CONTACT_PER_IP,
      request.ip,
      'too many messages from this address, try again later',
    );
    // Validated as sent; stored without surrounding spaces.
    return this.contact.accept({ ...body, name: body.name.trim(), message: body.message.trim() });
  }

  @Get('messages')
  @OwnerOnly()
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'The messages received, newest first (owner only)' })
  @ApiOkResponse({ type: ContactMessagePageDto })
  @ApiBadRequestResponse({
    description: 'A query parameter is invalid or unknown; the message names it.',
  })
  @ApiServiceUnavailableResponse({ description: 'The database is unavailable.' })
  messages(@Query() query: ListContactMessagesQuery): Promise<ContactMessagePageDto> {
    return this.contact.list(query.page, query.pageSize);
  }
}
