import * as q from './queries';
import type { VideoService } from './rules';

/**
 * Drops uploads that were started and never finished within their day (a closed tab, a phone
 * that never came back): their rows and the partial files in the uploads folder, which every
 * node of a cluster shares and which would otherwise only grow. Every node sweeps; the store
 * hands each expired upload to one of them. Returns a stop.
 */
export function startUploadSweeper(svc: VideoService, everyMs: number): () => void {
  let sweeping = false;
  async function sweep(): Promise<void> {
    if (sweeping) return;
    sweeping = true;
    try {
      const ids = await q.takeExpiredUploads(svc.ctx.db, svc.ctx.now());
      for (const id of ids) await svc.uploads.forget(id);
      if (ids.length > 0) svc.ctx.log.info({ count: ids.length }, 'dropped expired video uploads');
    } catch (error) {
      svc.ctx.log.warn({ err: error }, 'sweeping expired video uploads failed; trying again later');
    } finally {
      sweeping = false;
    }
  }
  const timer = setInterval(() => void sweep(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
