import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/** The largest JSON body any route accepts; the assistant's conversation is the biggest. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * The deepest nesting a JSON body may have. The deepest body a route accepts is the assistant's
 * conversation (`{ messages: [ { role, content } ] }`, 3 levels); 32 leaves room and still stops
 * a body nested thousands of levels deep before class-transformer and class-validator recurse
 * into it (10,000 levels overflowed the stack: a 500).
 */
export const MAX_JSON_DEPTH = 32;

/**
 * The only request body the API reads: `application/json` (any charset parameter), parsed by
 * Fastify's own parser (prototype-poisoning checks included) and then checked here.
 *
 * Every other content type is answered 415 by Fastify, so another site's HTML form
 * (`application/x-www-form-urlencoded`, `multipart/form-data`, `text/plain`: the types a browser
 * sends cross-site without a CORS preflight) cannot post to a JSON route.
 */
export function acceptOnlyJsonBodies(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit },
    (request, body, done) => {
      // parseAs: 'string' above: the body is a string.
      void parseJson(request, body as string, (error, parsed) => {
        if (error) {
          done(error, undefined);
          return;
        }
        const problem = jsonBodyProblem(parsed);
        if (problem === undefined) done(null, parsed);
        else done(new BadRequestException([problem]), undefined);
      });
    },
  );
}

/**
 * What makes a parsed body unusable before any validation runs, or undefined: nesting deeper than
 * MAX_JSON_DEPTH, or a string PostgreSQL cannot store (a NUL character: `text` and `jsonb` refuse
 * it; an unpaired UTF-16 surrogate: `jsonb` refuses its `\ud800` escape, and `text` would get a
 * replacement character instead of what was sent). Walks without recursion, so a deep body cannot
 * overflow the stack here either; names the field by its path (`messages[0].content`).
 */
export function jsonBodyProblem(body: unknown): string | undefined {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [
    { value: body, path: '', depth: 0 },
  ];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path, depth } = next;
    if (typeof value === 'string') {
      if (!storableText(value)) {
        return `${path || 'the body'} must not contain NUL characters or unpaired UTF-16 surrogates`;
      }
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) {
      return `the JSON body is nested more than ${MAX_JSON_DEPTH} levels deep`;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) =>
        pending.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }),
      );
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      const itemPath = path === '' ? key : `${path}.${key}`;
      if (!storableText(key)) {
        return `${itemPath} must not contain NUL characters or unpaired UTF-16 surrogates`;
      }
      pending.push({ value: item, path: itemPath, depth: depth + 1 });
    }
  }
  return undefined;
}

/** A NUL, or a high surrogate not followed by a low one, or a low one not preceded by a high one. */
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function storableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}
