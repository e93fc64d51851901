import { randomBytes, randomInt } from 'node:crypto';
import { Secret } from 'otpauth';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(alphabet: string, length: number): string {
  // Joined once: a string grown a character at a time is a chain of one object per character,
  // and a store holding many tokens would keep every link of it.
  const characters = new Array<string>(length);
  for (let i = 0; i < length; i++) characters[i] = alphabet[randomInt(alphabet.length)] as string;
  return characters.join('');
}

/** An entity ID in Logto's style: 21 lowercase letters and digits. */
export const randomId = (length = 21): string => randomString(LOWER_ALNUM, length);

/** A secret such as a one-time token value or client secret (mixed-case letters and digits). */
export const randomSecret = (length = 32): string => randomString(ALNUM, length);

/** A numeric code (verification codes, SMS codes), keeping leading zeros. */
export const randomDigits = (length = 6): string => randomString('0123456789', length);

/** A lowercase hex code, as used for backup and recovery codes. */
export const randomHex = (length = 10): string =>
  randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);

/** A fresh Base32 TOTP secret (160 bits, the RFC 4226 recommendation). */
export const randomTotpSecret = (): string => new Secret({ size: 20 }).base32;
