import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../http/page-query';
import { NOT_BLANK, NOT_BLANK_TEXT, STORABLE_TEXT } from '../http/text-rules';
import { CONTACT_LIMITS } from './contact-limits';

/** May be left out, but not sent as null: the document types it as a string. */
const OptionalButNotNull = () => ValidateIf((_object, value: unknown) => value !== undefined);

/** Lengths count what was sent; the service stores name and message without surrounding spaces. */
export class CreateContactMessageDto {
  @ApiProperty({
    example: 'Ada Lovelace',
    minLength: 1,
    maxLength: CONTACT_LIMITS.nameMaxLength,
    pattern: NOT_BLANK_TEXT,
  })
  @IsString()
  @Length(1, CONTACT_LIMITS.nameMaxLength)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name: string;

  @ApiProperty({
    example: 'ada@example.com',
    format: 'email',
    maxLength: CONTACT_LIMITS.emailMaxLength,
  })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(CONTACT_LIMITS.emailMaxLength)
  email: string;

  @ApiProperty({
    example: 'I would like to talk about a project.',
    minLength: 1,
    maxLength: CONTACT_LIMITS.messageMaxLength,
    pattern: NOT_BLANK_TEXT,
  })
  @IsString()
  @Length(1, CONTACT_LIMITS.messageMaxLength)
  @Matches(NOT_BLANK, { message: 'message must not be blank' })
  message: string;

  /**
   * A spam trap: the form hides this field, so people leave it empty and simple bots fill it in.
   * A filled-in message gets the same 202 as any other but is not stored or sent.
   */
  @ApiPropertyOptional({
    description: 'Leave empty. Hidden form field; a message that fills it in is discarded.',
    maxLength: 200,
    pattern: STORABLE_TEXT,
  })
  @OptionalButNotNull()
  @IsString()
  @MaxLength(200)
  website?: string;
}

export class ContactAcceptedDto {
  @ApiProperty({ format: 'uuid', description: 'The message id, for support requests.' })
  id: string;

  @ApiProperty({ enum: ['accepted'], example: 'accepted' })
  status: 'accepted';
}

/** `?page=&pageSize=` of the owner's message list. */
export class ListContactMessagesQuery extends PageQuery {}

export class ContactMessageDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name: string;

  @ApiProperty({ example: 'ada@example.com' })
  email: string;

  @ApiProperty({ example: 'I would like to talk about a project.' })
  message: string;

  @ApiProperty({ format: 'date-time' })
  receivedAt: string;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    description: 'When the worker notified the owner; null until then.',
  })
  notifiedAt: string | null;
}

export class ContactMessagePageDto {
  @ApiProperty({ type: [ContactMessageDto] })
  items: ContactMessageDto[];

  @ApiProperty({ type: 'integer', example: 1 })
  page: number;

  @ApiProperty({ type: 'integer', example: 20 })
  pageSize: number;

  @ApiProperty({ type: 'integer', description: 'Messages across all pages.', example: 3 })
  total: number;
}
