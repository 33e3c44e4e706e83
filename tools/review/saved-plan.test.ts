import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  planChanges,
  readSavedPlans,
  reviewablePlan,
  SENSITIVE,
  UNKNOWN,
  type PlanJson,
} from './saved-plan';

const show = JSON.parse(
  readFileSync(path.join(__dirname, 'fixtures', 'plan', 'demo-app.show.json'), 'utf8'),
) as PlanJson & Record<string, unknown>;

describe('the plan make plan saves for the review', () => {
  const saved = JSON.stringify(reviewablePlan(show));

  it('masks every value terraform marks sensitive, before and after', () => {
    expect(show.resource_changes!.some((rc) => JSON.stringify(rc.change).includes('hunter2'))).toBe(
      true,
    );
    expect(saved).not.toContain('hunter2');
    expect(saved).toContain(`"password":"${SENSITIVE}"`);
  });

  it('drops variables, prior state and configuration, which can hold secrets the review does not need', () => {
    expect(saved).not.toContain('top-secret-variable');
    expect(Object.keys(JSON.parse(saved) as object).sort()).toEqual([
      'format_version',
      'output_changes',
      'resource_changes',
      'terraform_version',
    ]);
  });

  it('keeps what the review reads: the same changes come out of the saved plan as out of show -json', () => {
    expect(
      planChanges('demo-app', JSON.parse(saved) as PlanJson).map((c) => [c.address, c.action]),
    ).toEqual(planChanges('demo-app', show).map((c) => [c.address, c.action]));
  });

  it('marks values known only after apply instead of leaving them out', () => {
    const created = planChanges('demo-app', show).find((c) => c.action === 'create');
    expect(created?.after?.id).toBe(UNKNOWN);
  });
});

describe('reading the saved plans of an environment', () => {
  const dir = () => mkdtempSync(path.join(tmpdir(), 'review-plans-'));

  it('reads each stack of summary.json from <stack>.plan.json', () => {
    const plans = dir();
    writeFileSync(
      path.join(plans, 'summary.json'),
      JSON.stringify({ stacks: [{ stack: 'demo-app', status: 'changes' }] }),
    );
    writeFileSync(path.join(plans, 'demo-app.plan.json'), JSON.stringify(reviewablePlan(show)));
    expect(readSavedPlans(plans).map((p) => p.stack)).toEqual(['demo-app']);
  });

  it('names every stack it cannot review and the fix, at once', () => {
    const plans = dir();
    mkdirSync(plans, { recursive: true });
    writeFileSync(
      path.join(plans, 'summary.json'),
      JSON.stringify({
        stacks: [
          { stack: 'demo-network', status: 'failed', reason: 'init: no credentials' },
          { stack: 'demo-app', status: 'changes' },
        ],
      }),
    );
    expect(() => readSavedPlans(plans)).toThrow(
      /demo-network: its plan failed \(init: no credentials\)\ndemo-app: .*demo-app\.plan\.json is missing .*run make plan again/,
    );
  });

  it('says to run make plan when there is no summary', () => {
    expect(() => readSavedPlans(dir())).toThrow(
      /summary\.json does not exist: run `make plan ENV=<env>` first/,
    );
  });
});
