import { runCli } from './run';

/** `npm run liao -- <command>`: the operator's command line (see usage.ts). */
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
