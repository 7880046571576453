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

/**
 * The number token, as written, of `field` in each record of valid JSON text: the top-level
 * object (record 0), or each element of a top-level array (by its index). A record whose field is
 * not a number has no entry; with the field twice, the last one counts, as for JSON.parse.
 */
export function numberTokensOf(json: string, field: string): Map<number, string> {
  const tokens = new Map<number, string>();
  const open: number[] = [];
  let element = -1;
  let key: string | undefined;
  let afterColon = false;
  const inTopArray = () => open.length === 1 && open[0] === OPEN_ARRAY;
  const record = (): number | undefined => {
    if (open.length === 1 && open[0] === OPEN_OBJECT) return 0;
    if (open.length === 2 && open[0] === OPEN_ARRAY && open[1] === OPEN_OBJECT) return element;
    return undefined;
  };
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(json, i);
      if (inTopArray()) element++;
      else if (!afterColon && record() !== undefined) {
        const raw = json.slice(i + 1, end);
        key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
      }
      afterColon = false;
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (inTopArray()) element++;
      open.push(c);
      afterColon = false;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      open.pop();
    } else if (c === COLON) {
      afterColon = true;
    } else if (c === COMMA) {
      afterColon = false;
    } else {
      NUMBER.lastIndex = i;
      LITERAL.lastIndex = i;
      const token = NUMBER.exec(json)?.[0] ?? LITERAL.exec(json)?.[0];
      if (token === undefined) continue;
      if (inTopArray()) element++;
      const at = record();
      if (afterColon && at !== undefined && key === field && token !== 'true' && token !== 'false' && token !== 'null') tokens.set(at, token);
      afterColon = false;
      i += token.length - 1;
    }
  }
  return tokens;
}
