import { RotatingPassword } from './rotating-password';

describe('RotatingPassword', () => {
  function subject(intervalMs: number) {
    let clock = 1_000_000;
    const reads: string[] = [];
    const rotating = new RotatingPassword(
      'injected',
      () => {
        reads.push('read');
        return Promise.resolve(`fresh-${reads.length}`);
      },
      intervalMs,
      () => clock,
    );
    return { rotating, reads, advance: (ms: number) => (clock += ms) };
  }

  it('keeps the injected password while logins succeed', async () => {
    const { rotating, reads } = subject(30_000);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(await rotating.password()).toBe('injected');
      rotating.connected();
    }
    expect(reads).toEqual([]);
  });

  it('re-reads after a failed login, at most once per interval', async () => {
    const { rotating, reads, advance } = subject(30_000);
    await rotating.password(); // fails: no connected()
    expect(await rotating.password()).toBe('fresh-1');
    advance(1_000);
    expect(await rotating.password()).toBe('fresh-1'); // failed again, but too soon
    advance(30_000);
    expect(await rotating.password()).toBe('fresh-2');
    expect(reads).toHaveLength(2);
  });

  it('keeps the last known password when the secret cannot be read', async () => {
    const rotating = new RotatingPassword('injected', () => Promise.reject(new Error('denied')), 0);
    await rotating.password();
    expect(await rotating.password()).toBe('injected');
  });
});
