/**
 * `node --import ./test/helpers/without-sqlite-binary.mjs`: runs as if better-sqlite3 were
 * installed without its compiled binary (no prebuilt one, no toolchain to build it): the package
 * imports, and its first connection throws what the `bindings` package throws then.
 */

import { register } from 'node:module';

register('./without-sqlite-hooks.mjs', import.meta.url, { data: { missing: 'binary' } });
