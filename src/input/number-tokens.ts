/**
 * Numbers as written in JSON text. JSON.parse gives every number as a double, so an integer id
 * above 2^53 (a 64-bit "snowflake" id) comes out rounded, onto another record's id, and 1e400 as
 * Infinity; a record's id keeps the digits its source has instead, read from the text here.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/** Index of the quote that closes the string opening at `start`. */
function closingQuote(json: string, start: number): number {
  for (let end = json.indexOf('"', start + 1); end !== -1; end = json.indexOf('"', end + 1)) {
    let backslashes = 0;
    while (json.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
  }
  return json.length;
}

/** An object or array being read: the key whose value comes next, or the index of the element last begun. */
interface Frame {
  container: number;
  key?: string;
  index: number;
  afterColon: boolean;
}

/**
 * The number token, as written, of `field` in each record of valid JSON text: the top-level
 * object (record 0), each element of a top-level array, or each element of the array under the
 * top-level object's key `wrapper` (`{"articles": [...]}`), by its index. A record whose field is
 * not a number has no entry; with the field twice, the last one counts, as for JSON.parse.
 */
export function numberTokensOf(json: string, field: string, wrapper?: string): Map<number, string> {
  const tokens = new Map<number, string>();
  const frames: Frame[] = [];
  const is = (depth: number, container: number) => frames[depth]?.container === container;
  const record = (): number | undefined => {
    if (wrapper !== undefined) return frames.length === 3 && is(0, OPEN_OBJECT) && frames[0].key === wrapper && is(1, OPEN_ARRAY) && is(2, OPEN_OBJECT) ? frames[1].index : undefined;
    if (frames.length === 1 && is(0, OPEN_OBJECT)) return 0;
    return frames.length === 2 && is(0, OPEN_ARRAY) && is(1, OPEN_OBJECT) ? frames[0].index : undefined;
  };
  /** A value begins in the innermost container: an array's next element, or the value after an object's key. */
  const valueBegins = () => {
    const top = frames.at(-1);
    if (top?.container === OPEN_ARRAY) top.index++;
    else if (top) top.afterColon = false;
  };
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    const top = frames.at(-1);
    if (c === QUOTE) {
      const end = closingQuote(json, i);
      if (top?.container === OPEN_OBJECT && !top.afterColon) {
        const raw = json.slice(i + 1, end);
        top.key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
      } else valueBegins();
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      valueBegins();
      frames.push({ container: c, index: -1, afterColon: false });
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      frames.pop();
    } else if (c === COLON) {
      if (top) top.afterColon = true;
    } else if (c === COMMA) {
      if (top) top.afterColon = false;
    } else {
      NUMBER.lastIndex = i;
      LITERAL.lastIndex = i;
      const number = NUMBER.exec(json)?.[0];
      const token = number ?? LITERAL.exec(json)?.[0];
      if (token === undefined) continue;
      const at = top?.container === OPEN_OBJECT && top.afterColon && top.key === field ? record() : undefined;
      if (number !== undefined && at !== undefined) tokens.set(at, number);
      valueBegins();
      i += token.length - 1;
    }
  }
  return tokens;
}
