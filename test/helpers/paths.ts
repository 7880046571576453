/** Where the project's files are, for tests in any folder under test/. */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'dedupe.js');
export const FIXTURES = path.join(ROOT, 'fixtures', 'articles');

/** The text of a file under fixtures/articles/. */
export function readFixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}
