import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type Algorithm, hash, parseOptions, verify } from '@node-rs/argon2';

/**
 * OWASP's minimum argon2id parameters (19 MiB, 2 passes, 1 lane). `Algorithm` is a const enum
 * in the package's types, which isolated modules cannot inline: 2 is Argon2id.
 */
const ARGON2ID = 2 as Algorithm;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes and checks passwords with argon2id. */
@Injectable()
export class Passwords implements OnModuleInit {
  private dummyHash = '';

  /**
   * A hash of a random password with the same parameters, checked when an e-mail address is
   * unknown so that answer costs as much time as a wrong password.
   */
  async onModuleInit(): Promise<void> {
    this.dummyHash = await hash(randomBytes(32).toString('base64url'), OPTIONS);
  }

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  /** False for a wrong password and for a stored hash that cannot be read. */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /** Spends the time of one verification and always fails. */
  async verifyAgainstNothing(password: string): Promise<false> {
    await this.verify(this.dummyHash, password);
    return false;
  }

  /** True when the hash was made with other parameters than today's (rehash at the next login). */
  needsRehash(passwordHash: string): boolean {
    try {
      const current = parseOptions(passwordHash);
      return (
        current.algorithm !== OPTIONS.algorithm ||
        current.memoryCost !== OPTIONS.memoryCost ||
        current.timeCost !== OPTIONS.timeCost ||
        current.parallelism !== OPTIONS.parallelism
      );
    } catch {
      return true;
    }
  }
}
