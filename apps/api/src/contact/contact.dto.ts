import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PageQuery } from '../http/page-query';
import { CONTACT_LIMITS } from './contact-limits';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateContactMessageDto {
  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: CONTACT_LIMITS.nameMaxLength })
  @Transform(trim)
  @IsString()
  @Length(1, CONTACT_LIMITS.nameMaxLength)
  name: string;

  @ApiProperty({ example: 'ada@example.com', maxLength: CONTACT_LIMITS.emailMaxLength })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(CONTACT_LIMITS.emailMaxLength)
  email: string;

  @ApiProperty({
    example: 'I would like to talk about a project.',
    minLength: 1,
    maxLength: CONTACT_LIMITS.messageMaxLength,
  })
  @Transform(trim)
  @IsString()
  @Length(1, CONTACT_LIMITS.messageMaxLength)
  message: string;

  /**
   * A spam trap: the form hides this field, so people leave it empty and simple bots fill it in.
   * A filled-in message gets the same 202 as any other but is not stored or sent.
   */
  @ApiPropertyOptional({
    description: 'Leave empty. Hidden form field; a message that fills it in is discarded.',
    maxLength: 200,
  })
  @IsOptional()
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

  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 20 })
  pageSize: number;

  @ApiProperty({ description: 'Messages across all pages.', example: 3 })
  total: number;
}
