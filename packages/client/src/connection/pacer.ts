/**
 * Starts of requests in the last second, shared by everything the SDK sends on its own (sync,
 * history pages, the outbox), so that together they stay under the gateway's flood limit
 * (200 frames a second, gateway.ts) with room left for heartbeats and the app's own requests.
 */
export class RateWindow {
  private readonly starts: number[] = [];

  constructor(
    readonly perSecond = DEFAULT_REQUESTS_PER_SECOND,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 if a request may start now (and counts it), else how many ms to wait before asking again. */
  take(): number {
    const now = this.now();
    while (this.starts.length > 0 && (this.starts[0] as number) <= now - 1000) this.starts.shift();
    if (this.starts.length >= this.perSecond) return (this.starts[0] as number) + 1000 - now;
    this.starts.push(now);
    return 0;
  }
}

/** Background requests per second: three quarters of what the gateway lets a connection send. */
export const DEFAULT_REQUESTS_PER_SECOND = 150;

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
