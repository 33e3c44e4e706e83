import type { IConstruct } from 'constructs';
import { FARGATE_CPU_UNITS, fargateMemoryChoices } from '../service/fargate-size';
import { bucketNameProblem } from './bucket-name';
import { LOG_RETENTION_DAYS } from './log-retention';

/** A value as a message quotes it: strings in quotes, everything else as written. */
export function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/**
 * Collects every problem of a set of values, each as `<field>: <what is wrong and what is
 * allowed>`, so one run names them all instead of stopping at the first. The profiles, every
 * module and (in its own way, as start-up errors) the API's configuration report problems like
 * this.
 */
export class Problems {
  readonly list: string[] = [];

  add(field: string, message: string): void {
    this.list.push(`${field}: ${message}`);
  }

  oneOf(field: string, value: unknown, allowed: readonly unknown[]): void {
    if (!allowed.includes(value)) {
      this.add(field, `${show(value)} is not allowed; use one of ${allowed.map(show).join(', ')}`);
    }
  }

  integer(field: string, value: unknown, min: number, max: number, unit = ''): void {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.add(
        field,
        `${show(value)} is out of range; use a whole number from ${min} to ${max}${unit}`,
      );
    }
  }

  /** `value` must match `pattern`; `expected` says what that means, e.g. `1-34 lowercase letters`. */
  matches(field: string, value: string, pattern: RegExp, expected: string): void {
    if (!pattern.test(value)) this.add(field, `${show(value)} must be ${expected}`);
  }

  /**
   * A name AWS accepts for an RDS instance, an ElastiCache group or an Amazon MQ broker: 1-`max`
   * lowercase letters, digits or single hyphens, starting with a letter, not ending with a hyphen.
   */
  resourceName(field: string, value: string, max: number): void {
    const pattern = new RegExp(`^[a-z](?:[a-z0-9]|-(?!-)){0,${max - 1}}$`);
    if (!pattern.test(value) || value.endsWith('-')) {
      this.add(
        field,
        `${show(value)} must be 1-${max} lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen`,
      );
    }
  }

  /** A name ECS accepts for a task family, a container or a service. */
  ecsName(field: string, value: string): void {
    this.matches(
      field,
      value,
      /^[A-Za-z0-9_-]{1,255}$/,
      '1-255 letters, digits, hyphens or underscores',
    );
  }

  /**
   * A task size Fargate runs, reported as `<prefix>cpu` or `<prefix>memoryMiB`. The memory is
   * checked only against a valid CPU: against an invalid one every memory would be wrong too.
   */
  fargateSize(cpu: number, memoryMiB: number, prefix = ''): void {
    const memory = fargateMemoryChoices(cpu);
    if (memory.length === 0) {
      this.add(
        `${prefix}cpu`,
        `${show(cpu)} is not a Fargate CPU size; use one of ${FARGATE_CPU_UNITS.join(', ')}`,
      );
    } else if (!memory.includes(memoryMiB)) {
      this.add(
        `${prefix}memoryMiB`,
        `${show(memoryMiB)} does not pair with ${cpu} CPU units on Fargate; use one of ${memory.join(', ')}`,
      );
    }
  }

  /** A retention CloudWatch Logs accepts. */
  logRetentionDays(field: string, value: number): void {
    if (!LOG_RETENTION_DAYS.includes(value)) {
      this.add(
        field,
        `${show(value)} is not a CloudWatch Logs retention; use one of ${LOG_RETENTION_DAYS.join(', ')}`,
      );
    }
  }

  /** Days Secrets Manager keeps a deleted secret: 0 (delete at once) or 7 to 30. */
  recoveryWindowDays(field: string, value: number): void {
    if (!Number.isInteger(value) || (value !== 0 && (value < 7 || value > 30))) {
      this.add(
        field,
        `${show(value)} is out of range; use 0 (delete at once) or a whole number from 7 to 30`,
      );
    }
  }

  /** A whole number with a lower bound and no upper one, such as a count of days. */
  atLeast(field: string, value: number, min: number, unit = ''): void {
    if (!Number.isInteger(value) || value < min) {
      this.add(
        field,
        `${show(value)} is out of range; use a whole number of ${min} or more${unit}`,
      );
    }
  }

  /** A name S3 accepts for a general-purpose bucket. */
  bucketName(field: string, value: string): void {
    const problem = bucketNameProblem(value);
    if (problem) this.add(field, problem);
  }
}

/**
 * Checks a construct's props when the app synthesizes, together with every other construct's
 * checks: CDKTF reports them all at once, each after the construct's path
 * (`[prod-data/cache] nodeCount: 7 is out of range; use a whole number from 1 to 6`). Throw at
 * construction only where building cannot go on without a valid value.
 */
export function validateAtSynth(construct: IConstruct, check: (problems: Problems) => void): void {
  construct.node.addValidation({
    validate: () => {
      const problems = new Problems();
      check(problems);
      return problems.list;
    },
  });
}

/**
 * What synth would report for the constructs under `scope` (not `scope` itself: a stack's own
 * checks are CDKTF's, such as the provider a test stack does not configure), each after its path.
 */
export function problemsUnder(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .filter((construct) => construct !== scope)
    .flatMap((construct) =>
      construct.node.validate().map((problem) => `[${construct.node.path}] ${problem}`),
    );
}
