import { type Algorithm, hash, verify } from '@node-rs/argon2';
import type { Config } from '../../platform/config';

// The library's Algorithm is a const enum, which isolated modules cannot read; 2 is Argon2id.
const ARGON2ID: Algorithm = 2;

export async function hashPassword(password: string, cost: Config['passwordHash']): Promise<string> {
  return hash(password, {
    algorithm: ARGON2ID,
    memoryCost: cost.memoryKiB,
    timeCost: cost.passes,
    parallelism: 1,
  });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the same time as a real check when the username does not exist, so that the time
 * a sign-in takes does not tell whether the account exists.
 */
export async function verifyAgainstDummy(password: string, cost: Config['passwordHash']): Promise<void> {
  dummyHash ??= hashPassword('not the password of anyone', cost);
  await verifyPassword(await dummyHash, password);
}
