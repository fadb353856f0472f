#!/usr/bin/env node
// The access-guard-issuer command. Its logic is runIssuerCli() (src/cli/), run from the built package.
import { runIssuerCli } from '../dist/esm/index.js';

process.exitCode = await runIssuerCli(process.argv.slice(2));
