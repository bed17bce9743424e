import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Report {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string };
  store: string;
  results: Record<string, unknown>;
}

export function machineInfo(): Report['machine'] {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
}

/** Writes bench/results/<date><suffix>.json and .md; returns their paths. */
export function writeReport(
  report: Report,
  markdown: string,
  suffix = '',
): { jsonPath: string; mdPath: string } {
  const dir = path.resolve(import.meta.dirname, '../results');
  fs.mkdirSync(dir, { recursive: true });
  const stem = report.date.replace(/[:]/g, '-').replace(/\..+$/, '') + suffix;
  const jsonPath = path.join(dir, `${stem}.json`);
  const mdPath = path.join(dir, `${stem}.md`);
  fs.writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(mdPath, markdown);
  return { jsonPath, mdPath };
}
