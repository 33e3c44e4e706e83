import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';

/**
 * The global validation pipe (`whitelist`, `forbidNonWhitelisted`, `forbidUnknownValues`:
 * unknown fields are refused, not dropped), with one shortcut: an empty query string
 * (`GET /projects`, the hottest route) is validated once per DTO class and then answered with a
 * fresh instance of its defaults, without class-transformer and class-validator walking `{}`
 * again on every request. Anything with input is validated in full. Parameters without a DTO
 * class (`@Req()`, primitives) were already passed through untouched by ValidationPipe.
 */
export class ApiValidationPipe extends ValidationPipe {
  /** DTO classes whose defaults (an empty query) passed validation. */
  private readonly emptyQueryValid = new WeakSet<object>();

  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      stopAtFirstError: false,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    // ValidationPipe validates a null body as {} and hands the handler null: every body the API
    // reads is a JSON object (or absent, where the document says it is optional).
    if (
      metadata.type === 'body' &&
      typeof metatype === 'function' &&
      value !== undefined &&
      (typeof value !== 'object' || value === null || Array.isArray(value))
    ) {
      throw new BadRequestException(['the body must be a JSON object']);
    }
    const emptyQuery =
      metadata.type === 'query' &&
      typeof metatype === 'function' &&
      typeof value === 'object' &&
      value !== null &&
      Object.keys(value).length === 0;
    if (!emptyQuery) return super.transform(value, metadata);
    const dto = metatype as new () => object;
    if (this.emptyQueryValid.has(dto)) return new dto();
    // The first time: the full path, which also throws the 400 if the class requires a field.
    const transformed: unknown = await super.transform(value, metadata);
    this.emptyQueryValid.add(dto);
    return transformed;
  }
}
