#!/usr/bin/env node
// The layering rules of .dependency-cruiser.cjs, as `npm test` checks them (npm run lint:deps).
// Any violation fails, named by its rule, with one allowance: the dependencies between server
// folders that lie on a cycle today are listed in scripts/knownFolderCycles.json, to be removed;
// a folder dependency that joins a cycle and is not on that list fails. The web app's feature
// folders (and entities/ below them) are judged the same way, with no allowance.
//
// Why the cycles are judged here rather than with dependency-cruiser's --ignore-known: that
// option does not cover folder-scoped rules yet (a TODO in its soften-known-violations.mjs), and
// the cycles it reports are one path per dependency, which another path replaces whenever an
// unrelated import moves. The set of folder dependencies inside a strongly connected group
// changes only when a dependency joins or leaves a cycle.
//
// npm run lint:deps:baseline rewrites the list, after a cycle is broken.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '..');
const CONFIG = '.dependency-cruiser.cjs';
const KNOWN = path.join(ROOT, 'scripts/knownFolderCycles.json');
const FOLDER_RULE = 'no-cycles-between-server-folders';
const WEB_FOLDER_RULE = 'no-cycles-between-web-features';

/**
 * The server folder a module belongs to: a domain inside a layer ("chat/messages"), a part of
 * the platform ("platform/db"; the platform's own files are "platform"), or another folder
 * under src/ ("ops"). Null for the files at src/'s root (the composition: app.ts, main.ts)
 * and outside the server's source.
 */
export function serverFolder(file) {
  const inLayer = /^packages\/server\/src\/(platform|identity|social|chat|features)\/(?:([^/]+)\/)?/.exec(
    file,
  );
  if (inLayer) return inLayer[2] ? `${inLayer[1]}/${inLayer[2]}` : inLayer[1];
  return /^packages\/server\/src\/([^/]+)\//.exec(file)?.[1] ?? null;
}

/**
 * The web folder a module belongs to, for the cycle check: a feature ("features/chat") or the
 * shared entities/ below them. Null elsewhere: the store (app/state/) knows every feature's
 * slice and every feature reads the store, which is no dependency between features.
 */
export function webFolder(file) {
  return /^packages\/web\/src\/(features\/[^/]+|entities)\//.exec(file)?.[1] ?? null;
}

/** The folder-to-folder dependencies ("a → b") that lie on a cycle: both ends in one strongly connected group. */
export function cyclicFolderEdges(edges) {
  const next = new Map();
  for (const [from, to] of edges) {
    if (!next.has(from)) next.set(from, new Set());
    if (!next.has(to)) next.set(to, new Set());
    next.get(from).add(to);
  }
  // Tarjan's algorithm: each folder's group.
  const index = new Map();
  const low = new Map();
  const group = new Map();
  const stack = [];
  let counter = 0;
  const visit = (node) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    for (const to of next.get(node)) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node), low.get(to)));
      } else if (!group.has(to)) low.set(node, Math.min(low.get(node), index.get(to)));
    }
    if (low.get(node) === index.get(node)) {
      for (let member = stack.pop(); ; member = stack.pop()) {
        group.set(member, node);
        if (member === node) break;
      }
    }
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return [
    ...new Set(edges.filter(([a, b]) => group.get(a) === group.get(b)).map(([a, b]) => `${a} → ${b}`)),
  ].sort();
}

/** The module graph of `root`'s packages as dependency-cruiser sees it, and the violations of our rules. */
function cruise(root) {
  const run = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
      'packages',
      '--config',
      path.join(ROOT, CONFIG),
      '--output-type',
      'json',
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (run.error) throw run.error;
  // dependency-cruiser exits with the number of errors; the JSON is on stdout either way.
  return JSON.parse(run.stdout);
}

function folderEdges(modules, folderOf) {
  const edges = [];
  for (const module of modules) {
    const from = folderOf(module.source);
    if (!from) continue;
    for (const dependency of module.dependencies) {
      const to = folderOf(dependency.resolved);
      if (to && to !== from) edges.push([from, to]);
    }
  }
  return edges;
}

/**
 * The layering problems of the tree at `root` (a checkout, or a made-up tree in a test), each
 * named by its rule; `known` are the folder dependencies on cycles allowed for now.
 */
export function checkLayers(root, known = new Set()) {
  const result = cruise(root);
  const cyclic = cyclicFolderEdges(folderEdges(result.modules, serverFolder));
  const webCyclic = cyclicFolderEdges(folderEdges(result.modules, webFolder));
  const problems = [
    ...result.summary.violations
      .filter((v) => v.rule.severity === 'error' && ![FOLDER_RULE, WEB_FOLDER_RULE].includes(v.rule.name))
      .map((v) => `${v.rule.name}: ${v.from} → ${v.to}`),
    ...cyclic.filter((edge) => !known.has(edge)).map((edge) => `${FOLDER_RULE}: packages/server/src/${edge}`),
    ...webCyclic.map((edge) => `${WEB_FOLDER_RULE}: packages/web/src/${edge}`),
  ];
  const remaining = cyclic.filter((edge) => known.has(edge)).length;
  const { totalCruised, totalDependenciesCruised } = result.summary;
  const counts = `${totalCruised} modules, ${totalDependenciesCruised} dependencies cruised`;
  return { problems, cyclic, remaining, counts };
}

function main() {
  if (process.argv.includes('--write-baseline')) {
    const { cyclic } = checkLayers(ROOT);
    fs.writeFileSync(KNOWN, `${JSON.stringify(cyclic, null, 2)}\n`);
    console.log(
      `layers: ${cyclic.length} folder dependencies on cycles written to ${path.relative(ROOT, KNOWN)}`,
    );
    return 0;
  }
  const { problems, remaining, counts } = checkLayers(
    ROOT,
    new Set(JSON.parse(fs.readFileSync(KNOWN, 'utf8'))),
  );
  for (const problem of problems) console.error(`  error ${problem}`);
  if (problems.length > 0) {
    console.error(`\n✖ ${problems.length} layering violations. ${counts}.`);
    return 1;
  }
  console.log(
    `layers: no violation; ${remaining} known folder dependencies on cycles remain to be removed (scripts/knownFolderCycles.json). ${counts}.`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main();
}
