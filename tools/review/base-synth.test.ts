import path from 'node:path';
import { baseCommit } from './base-synth';

const ROOT = path.resolve(__dirname, '..', '..');

describe('the base commit of make review', () => {
  it('takes a commit BASE names', () => {
    expect(baseCommit(ROOT, 'HEAD').sha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('names the fix when BASE is neither a folder nor a commit', () => {
    expect(() => baseCommit(ROOT, 'no-such-branch-or-folder')).toThrow(
      'BASE=no-such-branch-or-folder is neither a synth folder nor a commit of this repository; use a cdktf.out folder or a commit such as HEAD~1',
    );
  });

  it('defaults to the merge base with origin/main, else HEAD, and says which', () => {
    expect(baseCommit(ROOT).described).toMatch(
      /^(the merge base with origin\/main|HEAD; no origin\/main here)$/,
    );
  });
});
