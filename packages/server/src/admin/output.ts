/** Where a command writes: stdout for results, stderr for news and errors. */
export interface Output {
  /** A line of the result. */
  line(text: string): void;
  /** The result as one JSON document (--json). */
  json(value: unknown): void;
  /** Rows as aligned columns under a header. */
  table(header: string[], rows: string[][]): void;
  /** A note for the person at the terminal, kept out of the result. */
  note(text: string): void;
}

export function createOutput(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Output {
  return {
    line(text) {
      stdout.write(`${text}\n`);
    },
    json(value) {
      stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    table(header, rows) {
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
      const format = (cells: string[]) =>
        cells
          .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
          .join('  ')
          .trimEnd();
      stdout.write(`${[header, ...rows].map(format).join('\n')}\n`);
    },
    note(text) {
      stderr.write(`${text}\n`);
    },
  };
}

/** A UTC timestamp people can read and sort. */
export function formatTime(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
