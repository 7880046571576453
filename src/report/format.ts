/** Small helpers every renderer shares: colours on or off, counted nouns. */

import { Chalk, type ChalkInstance } from 'chalk';

export function colours(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 1 : 0 });
}

/** "1 document", "2 documents"; `many` for irregular plurals. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Text from the input (ids, titles, file names, reasons) as a terminal or a CI log may show it:
 * control characters, C1 ones included (an escape sequence could recolour, hide or rewrite
 * lines), shown escaped; a newline as \n.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' ? '\\n' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
