import { conditionHolds, evaluate, renderStatements, wildcardMatch } from './policy-evaluation';

describe('wildcardMatch', () => {
  it('reads * as any run and ? as one character, everything else literally', () => {
    expect(wildcardMatch('repo:a/b:*', 'repo:a/b:ref:refs/heads/x')).toBe(true);
    expect(wildcardMatch('repo:a/?', 'repo:a/b')).toBe(true);
    expect(wildcardMatch('repo:a/?', 'repo:a/bc')).toBe(false);
    expect(wildcardMatch('a.b', 'aXb')).toBe(false);
    expect(wildcardMatch('repo:a/b', 'repo:a/b:pull_request')).toBe(false);
  });
});

describe('conditionHolds', () => {
  const key = 'token.actions.githubusercontent.com:sub';
  it('compares single values exactly or by pattern, keys without regard to case', () => {
    const equals = { test: 'StringEquals', variable: key, values: ['x', 'y'] };
    expect(conditionHolds(equals, { [key.toUpperCase()]: 'y' })).toBe(true);
    expect(conditionHolds(equals, { [key]: 'X' })).toBe(false);
    expect(conditionHolds({ ...equals, test: 'StringLike', values: ['x*'] }, { [key]: 'xz' })).toBe(
      true,
    );
  });

  it('fails positive operators and passes negated ones when the key is absent', () => {
    expect(conditionHolds({ test: 'StringEquals', variable: key, values: ['x'] }, {})).toBe(false);
    expect(conditionHolds({ test: 'StringNotEquals', variable: key, values: ['x'] }, {})).toBe(
      true,
    );
    expect(conditionHolds({ test: 'Null', variable: key, values: ['true'] }, {})).toBe(true);
    expect(conditionHolds({ test: 'Null', variable: key, values: ['false'] }, { [key]: 'x' })).toBe(
      true,
    );
  });

  it('applies ForAnyValue and ForAllValues to sets', () => {
    const any = { test: 'ForAnyValue:StringEquals', variable: 'k', values: ['a'] };
    expect(conditionHolds(any, { k: ['b', 'a'] })).toBe(true);
    expect(conditionHolds(any, {})).toBe(false);
    const all = { ...any, test: 'ForAllValues:StringEquals' };
    expect(conditionHolds(all, { k: ['b', 'a'] })).toBe(false);
    expect(conditionHolds(all, {})).toBe(true);
  });

  it('refuses operators it does not know rather than guess', () => {
    expect(() =>
      conditionHolds({ test: 'StringEqualsIfExists', variable: key, values: ['x'] }, {}),
    ).toThrow('unsupported condition operator StringEqualsIfExists');
  });
});

describe('evaluate', () => {
  const allow = { effect: 'Allow', actions: ['s3:Get*'], resources: ['arn:aws:s3:::b/*'] };
  it('allows what a statement allows, denies the rest implicitly, and lets a Deny win', () => {
    expect(evaluate([allow], { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' })).toBe(
      'allow',
    );
    expect(evaluate([allow], { action: 's3:PutObject', resource: 'arn:aws:s3:::b/k' })).toBe(
      'implicit-deny',
    );
    const deny = { effect: 'Deny', actions: ['s3:*'], not_resources: ['arn:aws:s3:::b/ok'] };
    expect(evaluate([allow, deny], { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' })).toBe(
      'explicit-deny',
    );
    expect(evaluate([allow, deny], { action: 's3:GetObject', resource: 'arn:aws:s3:::b/ok' })).toBe(
      'allow',
    );
  });

  it('admits only the named principal to a trust statement', () => {
    const trust = {
      effect: 'Allow',
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [{ type: 'Federated', identifiers: ['arn:p'] }],
    };
    const request = { action: 'sts:AssumeRoleWithWebIdentity' };
    expect(
      evaluate([trust], { ...request, principal: { type: 'Federated', identifier: 'arn:p' } }),
    ).toBe('allow');
    expect(
      evaluate([trust], { ...request, principal: { type: 'Federated', identifier: 'arn:q' } }),
    ).toBe('implicit-deny');
    expect(evaluate([trust], request)).toBe('implicit-deny');
  });
});

describe('renderStatements', () => {
  it('fills in interpolations and refuses to leave one unresolved', () => {
    const statements = [{ resources: ['arn:${data.p.partition}:s3:::${var.b}'] }];
    expect(
      renderStatements(statements, [
        [/\$\{data\.p\.partition\}/g, 'aws'],
        [/\$\{var\.b\}/g, 'bucket'],
      ]),
    ).toEqual([{ resources: ['arn:aws:s3:::bucket'] }]);
    expect(() => renderStatements(statements, [])).toThrow(
      'renderStatements: no value for ${data.p.partition}',
    );
  });
});
