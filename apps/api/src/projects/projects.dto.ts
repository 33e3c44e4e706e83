import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../http/page-query';
import {
  NOT_BLANK,
  NOT_BLANK_TEXT,
  RFC3339_DATE_TIME,
  RFC3339_DATE_TIME_TEXT,
  STORABLE_TEXT,
} from '../http/text-rules';

/** ck_projects_slug: lower-case letters and digits in groups joined by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SLUG_MESSAGE =
  'slug must be lower-case letters and digits separated by single hyphens, e.g. my-project';
export { MAX_PAGE_SIZE } from '../http/page-query';

/** May be left out, but not set to null (the column is NOT NULL). */
const OptionalButNotNull = () => ValidateIf((_object, value: unknown) => value !== undefined);

/**
 * An http(s) URL on a DNS name with a top-level domain of letters, an optional port (1-9999), and
 * a path, query and fragment of the characters RFC 3986 allows (`format: uri`, so no spaces or
 * non-ASCII letters unencoded): what IsUrl accepts (with no user:password@), spelled so the document
 * can say it. IP-address hosts and single-label names are refused.
 */
const URL_CHAR = "(%[0-9A-Fa-f]{2}|[A-Za-z0-9._~!$&'()*+,;=:@/-])";
const HTTP_URL =
  '^https?://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}(:[1-9][0-9]{0,3})?' +
  `(/${URL_CHAR}*)?(\\?(${URL_CHAR}|\\?)*)?(#(${URL_CHAR}|\\?)*)?$`;

/** `true`/`false` in a query string; anything else stays a string and fails @IsBoolean. */
const queryBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ListProjectsQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'Owner only (Bearer token): include drafts and scheduled projects; never cached.',
    default: false,
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeDrafts: boolean = false;
}

export class ProjectLookupQuery {
  @ApiPropertyOptional({
    description: 'Owner only (Bearer token): find drafts and scheduled projects too; never cached.',
    default: false,
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeDrafts: boolean = false;
}

export class ProjectSlugParams {
  @ApiProperty({ example: 'skyport', pattern: SLUG_PATTERN.source, minLength: 1, maxLength: 100 })
  @MaxLength(100)
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  slug: string;
}

/** The fields a create and an update share, with the same rules. */
class ProjectContentDto {
  @ApiPropertyOptional({
    maxLength: 1000,
    pattern: STORABLE_TEXT,
    description: "Absent on create: ''.",
  })
  @OptionalButNotNull()
  @IsString()
  @MaxLength(1000)
  summary?: string;

  @ApiPropertyOptional({
    description: "Markdown. Absent on create: ''.",
    maxLength: 50_000,
    pattern: STORABLE_TEXT,
  })
  @OptionalButNotNull()
  @IsString()
  @MaxLength(50_000)
  body?: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: 40, pattern: STORABLE_TEXT },
    maxItems: 20,
    uniqueItems: true,
    example: ['aws', 'typescript'],
  })
  @OptionalButNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  tags?: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uri',
    pattern: HTTP_URL,
    maxLength: 2048,
  })
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, disallow_auth: true },
    { message: 'url must be an http(s) URL' },
  )
  // The document's pattern, checked as written (IsUrl alone also admits IP addresses and reads the
  // scheme case-insensitively).
  @Matches(new RegExp(HTTP_URL), { message: 'url must be an http(s) URL on a DNS name' })
  @MaxLength(2048)
  url?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    pattern: RFC3339_DATE_TIME_TEXT,
    nullable: true,
    description:
      'Null (or absent on create): a draft; null on update: back to draft. In the future: ' +
      'public from then on.',
  })
  @IsOptional()
  @Matches(RFC3339_DATE_TIME, { message: 'publishedAt must be an RFC 3339 date-time' })
  @IsISO8601({ strict: true }, { message: 'publishedAt must be a real date and time' })
  publishedAt?: string | null;
}

export class CreateProjectDto extends ProjectContentDto {
  @ApiProperty({ example: 'skyport', pattern: SLUG_PATTERN.source, minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  slug: string;

  /** Stored without surrounding spaces; the length counts what was sent. */
  @ApiProperty({ example: 'Skyport', minLength: 1, maxLength: 200, pattern: NOT_BLANK_TEXT })
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title: string;
}

/** Every field optional; `url` and `publishedAt` may be set to null (unpublish). */
export class UpdateProjectDto extends ProjectContentDto {
  @ApiPropertyOptional({
    example: 'skyport',
    pattern: SLUG_PATTERN.source,
    minLength: 1,
    maxLength: 100,
  })
  @OptionalButNotNull()
  @IsString()
  @Length(1, 100)
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  slug?: string;

  @ApiPropertyOptional({
    example: 'Skyport',
    minLength: 1,
    maxLength: 200,
    pattern: NOT_BLANK_TEXT,
  })
  @OptionalButNotNull()
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title?: string;
}

/** A project in a list: everything but the body. */
export class ProjectSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'skyport' })
  slug: string;

  @ApiProperty({ example: 'Skyport' })
  title: string;

  @ApiProperty()
  summary: string;

  @ApiProperty({ type: [String] })
  tags: string[];

  @ApiProperty({ type: String, nullable: true, format: 'uri' })
  url: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  publishedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}

export class ProjectDto extends ProjectSummaryDto {
  @ApiProperty({ description: 'Markdown.' })
  body: string;
}

export class ProjectPageDto {
  @ApiProperty({ type: [ProjectSummaryDto] })
  items: ProjectSummaryDto[];

  @ApiProperty({ type: 'integer', example: 1 })
  page: number;

  @ApiProperty({ type: 'integer', example: 20 })
  pageSize: number;

  @ApiProperty({ type: 'integer', description: 'Projects across all pages.', example: 3 })
  total: number;
}

/** What the assistant's system prompt says about the portfolio. */
export interface AssistantProject {
  readonly slug: string;
  readonly title: string;
  readonly summary: string;
}
