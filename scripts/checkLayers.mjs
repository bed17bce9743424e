#!/usr/bin/env node
// The layering rules of .dependency-cruiser.cjs, as `npm test` checks them (npm run lint:deps):
// any violation fails, named by its rule, except the cycles between server folders recorded in
// .dependency-cruiser-known-violations.json, which are there to be removed (a new one fails).
//
// Why not dependency-cruiser's own --ignore-known: it does not soften folder-scoped violations
// yet (its analyze/soften-known-violations.mjs leaves them as a TODO), and the folder cycles are
// the ones with a baseline. So the comparison with the baseline is made here, on its JSON output.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '..');
const CONFIG = '.dependency-cruiser.cjs';
const KNOWN = '.dependency-cruiser-known-violations.json';

/**
 * A violation's identity: its rule and what it joins. A cycle is the same cycle whichever
 * folder the report starts it from, so it is turned to start from its smallest name.
 */
export function violationKey(violation) {
  if (violation.type === 'cycle' && Array.isArray(violation.cycle) && violation.cycle.length > 0) {
    const names = violation.cycle.map((step) => step.name);
    let start = 0;
    names.forEach((name, i) => {
      if (name < (names[start] ?? '')) start = i;
    });
    const turned = [...names.slice(start), ...names.slice(0, start)];
    return `${violation.rule.name}: ${turned.join(' → ')}`;
  }
  return `${violation.rule.name}: ${violation.from} → ${violation.to}`;
}

/** The violations of `current` that `known` does not list. */
export function newViolations(current, known) {
  const knownKeys = new Set(known.map(violationKey));
  return current.filter((violation) => !knownKeys.has(violationKey(violation)));
}

function cruise() {
  const run = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
      'packages',
      '--config',
      CONFIG,
      '--output-type',
      'json',
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (run.error) throw run.error;
  // dependency-cruiser exits with the number of errors; the JSON is on stdout either way.
  return JSON.parse(run.stdout).summary;
}

function main() {
  const summary = cruise();
  const current = summary.violations.filter((v) => v.rule.severity === 'error');
  const known = JSON.parse(fs.readFileSync(path.join(ROOT, KNOWN), 'utf8'));
  const fresh = newViolations(current, known);
  for (const violation of fresh) console.error(`  error ${violationKey(violation)}`);
  const remaining = current.length - fresh.length;
  const cruised = `${summary.totalCruised} modules, ${summary.totalDependenciesCruised} dependencies cruised`;
  if (fresh.length > 0) {
    console.error(
      `\n✖ ${fresh.length} new layering violations (${remaining} known ones remain, listed in ${KNOWN}). ${cruised}.`,
    );
    return 1;
  }
  console.log(
    `layers: no new violation; ${remaining} known folder cycles remain to be removed (${KNOWN}). ${cruised}.`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main();
}
