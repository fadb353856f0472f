// `node --import ./test/run-from-source.mjs bin/access-guard-issuer.mjs`: the bin, from source.
import { register } from 'node:module';

register('./source-hooks.mjs', import.meta.url);
