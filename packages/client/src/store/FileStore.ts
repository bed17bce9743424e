import fs from 'node:fs/promises';
import { type MemorySnapshot, MemoryStore } from './MemoryStore';

/**
 * A MemoryStore kept in one JSON file, for Node bots and tools whose outbox and history must
 * survive a restart. Every change rewrites the file (to a temporary file that is then renamed
 * over it, so a crash leaves the old or the new file, never half of one); changes made while
 * a write runs share the next one. Each write method resolves once its change is on disk.
 * Rewriting everything suits a bot's few conversations, not a large history: use
 * IndexedDbStore in browsers.
 */
export class FileStore extends MemoryStore {
  private chain: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;

  constructor(private readonly path: string) {
    super();
  }

  override async open(): Promise<void> {
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const snapshot = JSON.parse(text) as MemorySnapshot;
    if (snapshot.version !== 1) throw new Error(`${this.path}: unknown store version ${snapshot.version}`);
    this.restore(snapshot);
  }

  override async close(): Promise<void> {
    await this.chain;
  }

  protected override changed(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.chain.then(async () => {
      // From here on, further changes need another write: this one may already be past them.
      this.queued = null;
      await this.write();
    });
    this.queued = next;
    this.chain = next.catch(() => {});
    return next;
  }

  private async write(): Promise<void> {
    const temporary = `${this.path}.tmp`;
    const file = await fs.open(temporary, 'w');
    try {
      await file.writeFile(JSON.stringify(this.snapshot()));
      await file.sync();
    } finally {
      await file.close();
    }
    await fs.rename(temporary, this.path);
  }
}
