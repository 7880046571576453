/** What the cleaner's result says it removed. */

import type { cleanDocument } from '../../src/clean/index.js';

/** The texts one rule removed, in order. */
export function rulesOf(res: ReturnType<typeof cleanDocument>, rule: string): string[] {
  return res.removed.filter((r) => r.rule === rule).map((r) => r.text);
}
