import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { addressOf, collectJustifications } from './justifications';
import type { CheckRecord } from './results';
import { loadStack } from './stacks';

/** A check the canary scan must report on one block, and the insecurity it stands for. */
export interface ExpectedResult {
  readonly check: string;
  readonly resource: string;
  readonly what?: string;
}

export interface CanaryExpectations {
  readonly fail: readonly ExpectedResult[];
  readonly pass: readonly ExpectedResult[];
}

/** The ids of our own checkov policies (`metadata.id` of every YAML file in the folder). */
export function policyIds(policiesDir: string): string[] {
  return readdirSync(policiesDir)
    .filter((file) => /\.ya?ml$/.test(file))
    .flatMap((file) => {
      const id = /^\s*id:\s*["']?([A-Z0-9_]+)["']?\s*$/m.exec(
        readFileSync(path.join(policiesDir, file), 'utf8'),
      )?.[1];
      return id ? [id] : [];
    })
    .sort();
}

/**
 * Judges the scan of the insecure fixture: every expected failure must be reported as FAILED on
 * its block, every expected pass as PASSED, and each of our policies must have at least one
 * expected failure (a policy nobody has seen fail proves nothing). Returns what is wrong.
 */
export function judgeCanary(
  records: readonly CheckRecord[],
  expected: CanaryExpectations,
  ourPolicies: readonly string[],
): string[] {
  const problems: string[] = [];
  const has = (result: 'FAILED' | 'PASSED', { check, resource }: ExpectedResult) =>
    records.some((r) => r.result === result && r.checkId === check && r.resource === resource);
  for (const e of expected.fail) {
    if (!has('FAILED', e)) {
      problems.push(`${e.check} did not fail on ${e.resource} (${e.what ?? 'expected failure'})`);
    }
  }
  for (const e of expected.pass) {
    if (!has('PASSED', e)) {
      problems.push(`${e.check} did not pass on ${e.resource} (${e.what ?? 'expected pass'})`);
    }
  }
  for (const id of ourPolicies) {
    if (!expected.fail.some((e) => e.check === id)) {
      problems.push(`policy ${id} has no expected failure in the canary fixture: add one`);
    }
  }
  return problems;
}

interface JustificationExpectations {
  readonly refused: readonly { address: string; check: string }[];
  readonly accepted: readonly { address: string; check: string }[];
}

/**
 * Runs the justification rules on the bad-justifications fixture: exactly the expected problems
 * must be reported, and the valid justification accepted. Returns what is wrong.
 */
export function judgeJustificationFixture(dir: string): string[] {
  const expected = JSON.parse(
    readFileSync(path.join(dir, 'expected.json'), 'utf8'),
  ) as JustificationExpectations;
  const { justifications, problems } = collectJustifications(loadStack('fixture', dir));
  const found = new Set(problems.map((p) => `${p.address} ${p.check}`));
  const wrong: string[] = [];
  for (const { address, check } of expected.refused) {
    if (!found.delete(`${address} ${check}`)) wrong.push(`${check} on ${address} was not refused`);
  }
  for (const extra of found) wrong.push(`unexpected refusal: ${extra}`);
  const accepted = new Set(justifications.map((j) => `${addressOf(j)} ${j.check}`));
  for (const { address, check } of expected.accepted) {
    if (!accepted.has(`${address} ${check}`)) wrong.push(`${check} on ${address} was not accepted`);
  }
  return wrong;
}
