import { parseRedriveArguments, UsageError } from './redrive-arguments';

describe('the redrive command line', () => {
  it.each([
    [[], { limit: undefined, dryRun: false }],
    [['--dry-run'], { limit: undefined, dryRun: true }],
    [['--limit', '2'], { limit: 2, dryRun: false }],
    [['--limit=25', '--dry-run'], { limit: 25, dryRun: true }],
    [['--dry-run', '--limit', '1'], { limit: 1, dryRun: true }],
  ])('reads %j', (args, options) => {
    expect(parseRedriveArguments(args)).toEqual(options);
  });

  it.each([
    [['--limit'], /^--limit needs a number/],
    [['--limit='], /^--limit needs a number/],
    [['--limit', 'ten'], /^--limit must be a whole number.*"ten"/],
    [['--limit', '0'], /^--limit must be a whole number/],
    [['--limit', '-3'], /^--limit must be a whole number/],
    [['--limit', '2.5'], /^--limit must be a whole number/],
    [['--limit', '--dry-run'], /^--limit must be a whole number.*"--dry-run"/],
    [['--limit', '99999999999999999999'], /^--limit must be a whole number/],
    [['--limit', '1', '--limit', '2'], /^--limit is given twice/],
    [['--dry-run', '--dry-run'], /^--dry-run is given twice/],
    [['--dry-run=yes'], /^--dry-run takes no value/],
    [['--lmit', '2'], /^unknown argument "--lmit"/],
    [['contact'], /^unknown argument "contact"/],
  ])('refuses %j, naming the argument', (args, message) => {
    expect(() => parseRedriveArguments(args)).toThrow(UsageError);
    expect(() => parseRedriveArguments(args)).toThrow(message);
  });
});
