/**
 * The module hooks of without-sqlite.mjs and without-sqlite-binary.mjs: 'better-sqlite3' cannot
 * be found (missing: 'package'), or is a stand-in whose constructor fails as the real one does
 * without better_sqlite3.node (missing: 'binary').
 */

const STAND_IN = 'dedupe-test:better-sqlite3-without-binary';

let missing = 'package';

export function initialize(data) {
  missing = data?.missing ?? 'package';
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'better-sqlite3' || specifier.startsWith('better-sqlite3/')) {
    if (missing === 'binary') return { url: STAND_IN, format: 'module', shortCircuit: true };
    const error = new Error(`Cannot find package '${specifier}' imported from ${context.parentURL ?? 'the command line'}`);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (url !== STAND_IN) return nextLoad(url, context);
  const source = `export default class Database {
  constructor() {
    throw new Error('Could not locate the bindings file. Tried:\\n → /nowhere/build/Release/better_sqlite3.node');
  }
}`;
  return { format: 'module', source, shortCircuit: true };
}
