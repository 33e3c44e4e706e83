import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { STORABLE_TEXT } from '../http/text-rules';
import { USER_ROLES, type UserRole } from './user.entity';

/** May be left out, but not sent as null: the document types it as a string. */
const OptionalButNotNull = () => ValidateIf((_object, value: unknown) => value !== undefined);

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * Addresses are compared and stored lower-case. Not trimmed: an address with surrounding spaces is
 * not an e-mail address (`format: email`), and the document says what the API accepts.
 */
const normalizeEmail = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.toLowerCase() : value;

const REFRESH_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const EMAIL = { example: 'ada@example.com', format: 'email', maxLength: 254 } as const;

export class RegisterDto {
  @ApiProperty(EMAIL)
  @Transform(normalizeEmail)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    format: 'password',
    pattern: STORABLE_TEXT,
  })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password: string;

  /** Only for the OWNER_EMAIL account: proves the registrant can read AUTH_TOKEN_SECRET. */
  @ApiPropertyOptional({
    description:
      'Required to register the owner account (OWNER_EMAIL): the setup code from docs/runbook.md.',
    pattern: '^[0-9a-f]{64}$',
  })
  @OptionalButNotNull()
  @Matches(/^[0-9a-f]{64}$/, { message: 'setupCode must be 64 lower-case hexadecimal characters' })
  setupCode?: string;
}

export class LoginDto {
  @ApiProperty(EMAIL)
  @Transform(normalizeEmail)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  /** No minimum here: the policy is checked at registration, not revealed at login. */
  @ApiProperty({
    minLength: 1,
    maxLength: PASSWORD_MAX_LENGTH,
    format: 'password',
    pattern: STORABLE_TEXT,
  })
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  password: string;

  @ApiPropertyOptional({
    enum: ['body', 'cookie'],
    default: 'body',
    description:
      '`cookie` (browsers): the refresh token comes back as an HttpOnly, Secure, SameSite=Strict ' +
      'cookie scoped to /auth instead of in the body.',
  })
  @OptionalButNotNull()
  @IsIn(['body', 'cookie'], { message: 'refreshTokenDelivery must be body or cookie' })
  refreshTokenDelivery?: 'body' | 'cookie';
}

export class RefreshDto {
  @ApiPropertyOptional({
    description:
      'The refresh token from login or the previous refresh. Leave out to use the refresh cookie ' +
      '(then the new one comes back as a cookie too).',
    pattern: REFRESH_TOKEN.source,
  })
  @OptionalButNotNull()
  @IsString()
  @Matches(REFRESH_TOKEN, { message: 'refreshToken must be a refresh token' })
  refreshToken?: string;
}

export class LogoutDto {
  @ApiPropertyOptional({
    description: 'The session to end along with the access token.',
    pattern: REFRESH_TOKEN.source,
  })
  @OptionalButNotNull()
  @IsString()
  @Matches(REFRESH_TOKEN, { message: 'refreshToken must be a refresh token' })
  refreshToken?: string;
}

/** The one answer to every registration that passes validation, taken address or not. */
export const REGISTRATION_ACCEPTED = {
  status: 'accepted',
  message: 'If this address was free, its account now exists: sign in with it.',
} as const;

export class RegistrationAcceptedDto {
  @ApiProperty({ enum: [REGISTRATION_ACCEPTED.status] })
  status: typeof REGISTRATION_ACCEPTED.status;

  @ApiProperty({ enum: [REGISTRATION_ACCEPTED.message] })
  message: typeof REGISTRATION_ACCEPTED.message;
}

export class TokenPairDto {
  @ApiProperty({ description: 'JWT for `Authorization: Bearer`; short-lived.' })
  accessToken: string;

  @ApiPropertyOptional({
    description:
      'Opaque; trade it at POST /auth/refresh for a new pair. Single use. Absent when it was ' +
      'delivered as the refresh cookie.',
  })
  refreshToken?: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({
    type: 'integer',
    description: 'Seconds until the access token expires.',
    example: 900,
  })
  expiresIn: number;
}

export class UserProfileDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'ada@example.com' })
  email: string;

  @ApiProperty({ enum: USER_ROLES })
  role: UserRole;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}
