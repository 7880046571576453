/** Small helpers every renderer shares: colours on or off, counted nouns. */

import { Chalk, type ChalkInstance } from 'chalk';

export function colours(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 1 : 0 });
}

/** "1 document", "2 documents"; `many` for irregular plurals. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
