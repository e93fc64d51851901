import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

// scrypt parameters: N=2^14, r=8, p=1 (16 MiB), the Node default; stored with the digest so
// they could change without invalidating stored passwords.
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

const format = (salt: Buffer, key: Buffer) =>
  `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;

/** Hashes a password synchronously; for setup helpers (`addUser`), not for request paths. */
export function hashPasswordSync(password: string): string {
  const salt = randomBytes(16);
  return format(salt, scryptSync(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r: R, p: P }));
}

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number, length: number) {
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, { N: n, r, p }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes a password on the libuv thread pool so requests keep flowing meanwhile. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return format(salt, await scryptAsync(password, salt, N, R, P, KEY_LENGTH));
}

// A digest of no real password, compared against when the account does not exist so that
// unknown accounts and wrong passwords take about the same time.
const DUMMY_DIGEST = hashPasswordSync(randomBytes(16).toString('hex'));

/** Checks a password against a stored digest; a missing digest still costs one scrypt run. */
export async function verifyPassword(password: string, digest: string | undefined): Promise<boolean> {
  const parts = (digest ?? DUMMY_DIGEST).split('$');
  const [scheme, n, r, p, salt, key] = parts;
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(
    password,
    Buffer.from(salt, 'base64'),
    Number(n),
    Number(r),
    Number(p),
    expected.length,
  );
  return digest !== undefined && timingSafeEqual(actual, expected);
}
