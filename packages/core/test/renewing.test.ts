import { describe, expect, it } from 'vitest';
import { renewalTime } from '../src';
import { renewingValue } from '../src/renewing';

describe('renewingValue', () => {
  it('shares one renewal among concurrent callers and caches the value until renewAt', async () => {
    let now = 1_000;
    let obtained = 0;
    const value = renewingValue(
      async () => {
        obtained++;
        await new Promise((r) => setTimeout(r, 10));
        return { value: `v${obtained}`, renewAt: now + 500 };
      },
      () => now,
    );
    const results = await Promise.all(Array.from({ length: 100 }, () => value.get()));
    expect(new Set(results)).toEqual(new Set(['v1']));
    expect(obtained).toBe(1);
    now += 499;
    expect(await value.get()).toBe('v1');
    now += 1;
    expect(await value.get()).toBe('v2');
  });

  it('renews after invalidate, but not when another value has replaced the invalid one', async () => {
    let n = 0;
    const value = renewingValue(async () => ({ value: `v${++n}`, renewAt: Number.POSITIVE_INFINITY }));
    expect(await value.get()).toBe('v1');
    value.invalidate('v0');
    expect(await value.get()).toBe('v1');
    value.invalidate('v1');
    expect(await value.get()).toBe('v2');
  });

  it('lets one caller stop waiting without cancelling the renewal for the others', async () => {
    const value = renewingValue(async () => {
      await new Promise((r) => setTimeout(r, 50));
      return { value: 'v', renewAt: Number.POSITIVE_INFINITY };
    });
    const controller = new AbortController();
    const impatient = value.get(controller.signal);
    const patient = value.get();
    controller.abort(new Error('gave up'));
    await expect(impatient).rejects.toThrow('gave up');
    await expect(patient).resolves.toBe('v');
  });

  it('does not cache a failed renewal', async () => {
    let n = 0;
    const value = renewingValue(async () => {
      if (++n === 1) throw new Error('down');
      return { value: 'ok', renewAt: Number.POSITIVE_INFINITY };
    });
    await expect(value.get()).rejects.toThrow('down');
    await expect(value.get()).resolves.toBe('ok');
  });

  it('renews 60 s before expiry, or halfway through a shorter life', () => {
    expect(renewalTime(0, 3_600_000, 60_000)).toBe(3_540_000);
    expect(renewalTime(0, 60_000, 60_000)).toBe(30_000);
  });
});
