import type { ChildProcess } from 'node:child_process';
import WebSocket from 'ws';

/**
 * A Node child's inspector, for one thing: a full garbage collection on demand. Memory per idle
 * connection read right after a burst of handshakes counts their garbage too, and V8 collects
 * it only when it needs to (an idle process may keep it for minutes); collecting first
 * measures what the connections keep.
 */
export const INSPECT_ARGS = ['--inspect=127.0.0.1:0'];

/**
 * The inspector's WebSocket URL, from the child's stderr (which must be piped); the rest of
 * stderr is passed on, less the inspector's own notices.
 */
export function watchInspector(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let pending = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const url = /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
        if (url) resolve(url);
        else if (!/^(For help, see|Debugger attached|Waiting for the debugger)/.test(line))
          process.stderr.write(`${line}\n`);
      }
    });
  });
}

/** Runs a full collection in the child (twice: the first may leave finalized objects to the second). */
export async function collectGarbage(inspectorUrl: string): Promise<void> {
  const ws = new WebSocket(inspectorUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  try {
    for (const id of [1, 2]) {
      const answered = new Promise<void>((resolve) => {
        const onMessage = (data: WebSocket.RawData) => {
          if ((JSON.parse(data.toString()) as { id?: number }).id !== id) return;
          ws.off('message', onMessage);
          resolve();
        };
        ws.on('message', onMessage);
      });
      ws.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
      await answered;
    }
  } finally {
    ws.close();
  }
}
