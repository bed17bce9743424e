/**
 * How the connection finds a link that died without closing (a dropped Wi-Fi, a sleeping NAT,
 * a cable pulled between two routers): the socket says nothing for minutes, so the client
 * asks. Browsers cannot send WebSocket pings, hence application pings.
 */
export interface HeartbeatOptions {
  /** Ask after this long without a frame from the server. */
  pingAfterMs: number;
  /** A ping unanswered this long means the link is dead. */
  pongTimeoutMs: number;
  /** How often the clock is looked at. */
  tickMs: number;
}

/**
 * A quiet link is asked after 5 s and given 3 s to answer, so a dead one is found within
 * about 3 s of its missed pong (9 s at worst from the last frame), at the cost of one small
 * frame per 5 s of silence. A lost network is usually known sooner: the browser says it is
 * offline, or the socket closes.
 */
export const DEFAULT_HEARTBEAT: HeartbeatOptions = { pingAfterMs: 5000, pongTimeoutMs: 3000, tickMs: 1000 };

/**
 * A tick this late means the page was frozen (a laptop lid, a discarded tab): answers that
 * arrived meanwhile may be queued behind it, so it lets them run before it judges. A tab whose
 * timers are merely throttled gets its frames at once and is judged as usual.
 */
const LATE_TICKS = 3;

/** Pings a quiet link and reports it dead when a ping goes unanswered. One per socket. */
export class Heartbeat {
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastHeard = 0;
  private lastTick = 0;
  private pingSentAt: number | null = null;

  constructor(
    private readonly options: HeartbeatOptions,
    private readonly ping: () => void,
    private readonly dead: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.stop();
    this.lastHeard = this.now();
    this.lastTick = this.lastHeard;
    this.pingSentAt = null;
    this.timer = setInterval(() => this.tick(), this.options.tickMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** A frame came from the server: the link works. */
  heard(): void {
    this.lastHeard = this.now();
    this.pingSentAt = null;
  }

  /** Asks now whether the link works (the network just came back, the page woke up). */
  probe(): void {
    if (!this.timer || this.pingSentAt !== null) return;
    this.pingSentAt = this.now();
    this.ping();
  }

  private tick(): void {
    const now = this.now();
    const late = now - this.lastTick > this.options.tickMs * LATE_TICKS;
    this.lastTick = now;
    if (this.pingSentAt !== null) {
      if (now - this.pingSentAt < this.options.pongTimeoutMs) return;
      if (late) setTimeout(() => this.judge(), 0);
      else this.judge();
      return;
    }
    if (now - this.lastHeard >= this.options.pingAfterMs) {
      this.pingSentAt = now;
      this.ping();
    }
  }

  /** The ping is overdue: dead, unless its answer came meanwhile (or the heartbeat stopped). */
  private judge(): void {
    if (this.pingSentAt === null || !this.timer) return;
    this.stop();
    this.dead();
  }
}
