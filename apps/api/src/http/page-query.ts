import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';

export const MAX_PAGE_SIZE = 100;
/**
 * The last page any listing serves: at most 10,000 × 100 rows skipped, far beyond a portfolio's
 * size, and the offset stays a small number (a page of 10^18 overflowed PostgreSQL's bigint).
 */
export const MAX_PAGE = 10_000;

/**
 * A query parameter written in decimal digits becomes a number; anything else (`0x10`, `1e3`,
 * `+5`, ` 1`, `2.0`, a repeated parameter) stays as it came and fails the range check. `Number()`
 * alone would read `0x10` as 16. Six digits at most: longer values are out of range anyway.
 */
const decimalDigits = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^[0-9]{1,6}$/.test(value) ? Number(value) : value;

/** One check and one message for a page parameter: a whole number from 1 to `max`. */
function WholeNumberFrom1To(max: number): PropertyDecorator {
  return ValidateBy({
    name: 'wholeNumberFrom1To',
    constraints: [max],
    validator: {
      validate: (value: unknown) =>
        typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max,
      defaultMessage: (args) =>
        `${args?.property ?? 'value'} must be a whole number from 1 to ${max}, in decimal digits`,
    },
  });
}

/** `?page=&pageSize=` of every listing: decimal whole numbers, pages 1 to 10,000, 1 to 100 items. */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Transform(decimalDigits)
  @WholeNumberFrom1To(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @Transform(decimalDigits)
  @WholeNumberFrom1To(MAX_PAGE_SIZE)
  pageSize: number = 20;
}
