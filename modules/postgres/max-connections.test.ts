import { postgresMaxConnections } from './max-connections';

describe('postgresMaxConnections', () => {
  it.each([
    ['db.t4g.micro', 101],
    ['db.t4g.medium', 405],
    ['db.m7g.large', 811],
    ['db.r7g.16xlarge', 5000],
  ])('follows RDS’s default formula for %s', (instanceClass, expected) => {
    expect(postgresMaxConnections(instanceClass)).toBe(expected);
  });

  it('knows nothing of classes outside the Graviton table', () => {
    expect(postgresMaxConnections('db.t3.micro')).toBeUndefined();
    expect(postgresMaxConnections('db.t4g.huge')).toBeUndefined();
  });
});
