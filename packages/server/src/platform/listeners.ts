/**
 * A hook a lower layer offers and higher layers register on: the listeners run one after
 * another, in the order they were added, each awaited (a later one sees what an earlier did).
 */
export class Listeners<Args extends unknown[]> {
  private readonly listeners: Array<(...args: Args) => Promise<void>> = [];

  on(listener: (...args: Args) => Promise<void>): void {
    this.listeners.push(listener);
  }

  async run(...args: Args): Promise<void> {
    for (const listener of this.listeners) await listener(...args);
  }
}
