/**
 * Sockets opened without a session (the desktop sign-in page's /ws/qr), counted per client
 * address, so that one address cannot hold thousands of them open (config.sockets
 * .anonymousPerAddress). Counted on this node only, even in a cluster: a balancer spreads an
 * address over a few nodes at most, and a count kept here costs nothing when Redis is away.
 */
export class AddressSockets {
  private readonly counts = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** Counts one more socket from the address; false (and not counted) when it has its allowance. */
  take(address: string): boolean {
    const n = this.counts.get(address) ?? 0;
    if (n >= this.limit) return false;
    this.counts.set(address, n + 1);
    return true;
  }

  /** One socket `take` counted has closed. */
  release(address: string): void {
    const n = (this.counts.get(address) ?? 0) - 1;
    if (n > 0) this.counts.set(address, n);
    else this.counts.delete(address);
  }
}
