import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MOTO_DRIFT, MOTO_GAPS, motoGapsIn } from './moto-gaps';

const docs = readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'validation.md'), 'utf8');

/** Resource types in the first column of the table under a heading of docs/validation.md. */
function documentedTypes(heading: string): string[] {
  const section = docs.split(`## ${heading}`)[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/^\| `(aws_[a-z0-9_]+)`\s+\|/gm)].map((match) => match[1]!).sort();
}

describe('MOTO_GAPS', () => {
  it('is the list docs/validation.md shows, type for type', () => {
    expect(documentedTypes('What moto cannot apply')).toEqual(Object.keys(MOTO_GAPS).sort());
  });

  it('lists the known drift docs/validation.md shows, type for type', () => {
    expect(documentedTypes('What moto reads back differently')).toEqual(
      Object.keys(MOTO_DRIFT).sort(),
    );
  });

  it('gives every gap and every drift a reason', () => {
    for (const [type, reason] of Object.entries({ ...MOTO_GAPS, ...MOTO_DRIFT })) {
      expect(`${type}: ${reason.trim()}`).toMatch(/: \S.{10,}/);
    }
  });

  it('finds the gap types a stack declares, and none in a stack moto can serve', () => {
    expect(
      motoGapsIn({
        resource: { aws_vpc: {}, aws_cloudfront_function: {}, aws_appautoscaling_target: {} },
      }),
    ).toEqual(['aws_appautoscaling_target', 'aws_cloudfront_function']);
    expect(motoGapsIn({ resource: { aws_vpc: {}, aws_subnet: {} } })).toEqual([]);
  });
});
