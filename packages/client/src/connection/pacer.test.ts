import { describe, expect, it } from 'vitest';
import { Pacer, RateWindow } from './pacer';

describe('request pacing', () => {
  it('a rate window lets a burst start at once, then `perSecond`, and says how long to wait', () => {
    let now = 1000;
    const window = new RateWindow(10, 3, () => now);
    expect([window.take(), window.take(), window.take()]).toEqual([0, 0, 0]);
    expect(window.take()).toBe(100);
    now += 50;
    expect(window.take()).toBe(50);
    now += 50;
    expect(window.take()).toBe(0);
    expect(window.take()).toBe(100);
    now += 10_000;
    expect([window.take(), window.take(), window.take(), window.take()]).toEqual([0, 0, 0, 100]);
  });

  it('a pacer runs at most `concurrency` tasks at once, in the order they came', async () => {
    const pacer = new Pacer(2, new RateWindow(1000, 1000));
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        pacer.run(async () => {
          running++;
          most = Math.max(most, running);
          order.push(i);
          await new Promise((resolve) => setImmediate(resolve));
          running--;
          return i * 10;
        }),
      ),
    );
    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(2);
    expect(pacer.busy).toBe(0);
  });

  it('a failing task rejects its own run and does not stop the others', async () => {
    const pacer = new Pacer(1, new RateWindow(1000, 1000));
    const failing = pacer.run(async () => {
      throw new Error('boom');
    });
    const fine = pacer.run(async () => 'ok');
    await expect(failing).rejects.toThrow('boom');
    await expect(fine).resolves.toBe('ok');
  });
});
