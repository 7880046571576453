/**
 * `node --import ./test/helpers/without-sqlite.mjs`: runs as if better-sqlite3 were not
 * installed (its optional install failed), without touching node_modules. Resolving the package
 * from ESM fails as a missing package does, with ERR_MODULE_NOT_FOUND.
 */

import { register } from 'node:module';

register('./without-sqlite-hooks.mjs', import.meta.url, { data: { missing: 'package' } });
