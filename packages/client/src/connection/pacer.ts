/**
 * A token bucket shared by everything the SDK sends on its own (sync, history pages, the
 * outbox), so that together they stay inside the gateway's own bucket per connection (bursts
 * of 1000 frames, 200 a second, gateway.ts) with room left for heartbeats and the app's own
 * requests: a catching-up device may page a few hundred holes at once, then slows down.
 */
export class RateWindow {
  private tokens: number;
  private refilledAt: number;

  constructor(
    readonly perSecond = DEFAULT_REQUESTS_PER_SECOND,
    readonly burst = DEFAULT_REQUEST_BURST,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.refilledAt = now();
  }

  /** 0 if a request may start now (and counts it), else how many ms to wait before asking again. */
  take(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) * this.perSecond) / 1000);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }
}

/** Background requests: three quarters of the gateway's rate, and half its burst. */
export const DEFAULT_REQUESTS_PER_SECOND = 150;
export const DEFAULT_REQUEST_BURST = 500;

/** Runs tasks at most `concurrency` at a time, each starting only when the rate window allows. */
export class Pacer {
  private running = 0;
  private readonly queue: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly concurrency: number,
    private readonly window: RateWindow,
  ) {}

  /** Tasks waiting or running now. */
  get busy(): number {
    return this.running + this.queue.length;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.pump();
          });
      });
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer) return;
    while (this.running < this.concurrency && this.queue.length > 0) {
      const wait = this.window.take();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pump();
        }, wait);
        return;
      }
      this.running++;
      (this.queue.shift() as () => void)();
    }
  }
}
