import { DEFAULT_ASSUMPTIONS, environmentName, resolveAssumptions } from './assumptions';

describe('resolveAssumptions', () => {
  it('starts from the defaults: 730 hours, the scaling minimum, 70% off on Spot', () => {
    expect(resolveAssumptions([])).toEqual(DEFAULT_ASSUMPTIONS);
    expect(DEFAULT_ASSUMPTIONS).toMatchObject({
      hoursPerMonth: 730,
      taskCount: 'min',
      spotDiscount: 0.7,
      spotShare: 'strategy',
    });
  });

  it('reads COST_<NAME> from the environment, and --set wins over it', () => {
    expect(environmentName('spotDiscount')).toBe('COST_SPOT_DISCOUNT');
    const env = { COST_SPOT_DISCOUNT: '0.5', COST_TASK_COUNT: 'max', COST_NAT_DATA_GB: '1_000' };
    expect(resolveAssumptions(['spotDiscount=0.6'], env)).toMatchObject({
      spotDiscount: 0.6,
      taskCount: 'max',
      natDataGb: 1000,
    });
  });

  it('names every bad override at once, with what is allowed', () => {
    expect(() => resolveAssumptions(['spotDiscount=2'])).toThrow('spotDiscount 2 is out of range');
    let message = '';
    try {
      resolveAssumptions(['spotDiscount=2', 'taskCount=some', 'nope=1', 'natDataGb'], {
        COST_HOURS_PER_MONTH: 'many',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(
      'COST_HOURS_PER_MONTH: hoursPerMonth "many" is not a number; use a number from 1 to 744',
    );
    expect(lines[1]).toBe('--set spotDiscount=2: spotDiscount 2 is out of range; use 0 to 1');
    expect(lines[2]).toBe(
      '--set taskCount=some: taskCount "some" is not a task count; use min, desired, max',
    );
    expect(lines[3]).toMatch(
      /^--set nope=1: no assumption "nope"; use one of hoursPerMonth, taskCount, /,
    );
    expect(lines[4]).toBe('--set natDataGb: write name=value, e.g. --set spotDiscount=0.5');
  });

  it('accepts a Spot share instead of the strategy weights', () => {
    expect(resolveAssumptions(['spotShare=0.25']).spotShare).toBe(0.25);
  });
});
