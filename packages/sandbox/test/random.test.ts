import { describe, expect, it } from 'vitest';
import { randomDigits, randomId, randomSecret } from '../src/core/crypto/random.js';

describe('random identifiers and secrets', () => {
  it('draws each character from its alphabet, at the requested length', () => {
    for (let i = 0; i < 200; i++) {
      expect(randomId()).toMatch(/^[a-z0-9]{21}$/);
      expect(randomSecret()).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(randomDigits(8)).toMatch(/^\d{8}$/);
    }
  });

  it('does not repeat itself', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => randomSecret()));
    expect(seen.size).toBe(1000);
  });
});
