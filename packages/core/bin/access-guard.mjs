#!/usr/bin/env node
// The access-guard command (`access-guard explain …`): runAccessGuardCli() (src/explain/) from the built package.
import { runAccessGuardCli } from '../dist/esm/index.js';

async function readStdin() {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

process.exitCode = await runAccessGuardCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: readStdin,
});
