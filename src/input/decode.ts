/**
 * Decoding: input bytes to text. UTF-8 with or without a byte order mark, UTF-16, the charset an
 * HTML page declares, or windows-1252 detected; binary content is recognised and refused.
 */

import { isUtf8 } from 'node:buffer';
import type { InputFile } from '../types.js';

/** Magic numbers of binary formats often saved under a text name by scrapers. */
const BINARY_SIGNATURES: [number[], string][] = [
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
  [[0x52, 0x49, 0x46, 0x46], 'a RIFF (WebP, WAV or AVI) file'],
];

function binarySignature(bytes: Uint8Array): string | undefined {
  return BINARY_SIGNATURES.find(([magic]) => magic.every((b, i) => bytes[i] === b))?.[1];
}

/** The UTF-16 a byte order mark at the start of `bytes` names; undefined without one. */
export function utf16ByBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length < 2) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** UTF-16 without a byte order mark: one byte of each pair is zero for ASCII-range text. */
function bomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 16) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.6 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.6 && oddZero < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** Bytes 0x80-0x9F that windows-1252 leaves undefined. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * Whether bytes that are not UTF-8 read as plausible windows-1252 (latin-1) text: no control
 * characters but whitespace, no code points windows-1252 leaves undefined, and mostly ASCII
 * with scattered high bytes (accented letters, curly quotes, dashes) as Western European text
 * has. Binary data fails on control bytes; text in a multi-byte legacy encoding (Shift_JIS,
 * GBK) fails on the share of high bytes.
 */
export function looksLikeLegacyText(bytes: Uint8Array): boolean {
  let high = 0;
  for (const b of bytes) {
    if (b < 0x20 ? b !== 9 && b !== 10 && b !== 12 && b !== 13 : b === 0x7f || CP1252_UNDEFINED.has(b)) return false;
    if (b >= 0x80) high++;
  }
  return high <= bytes.length * 0.2;
}

/**
 * Decodes bytes as text: UTF-8 (with or without BOM), UTF-16 with or without a BOM, the charset
 * an HTML file declares, or windows-1252 when the bytes are not UTF-8 but read as Western
 * European text. Returns a reason instead when the bytes are not text.
 */
export function decodeText(bytes: Uint8Array, kind: InputFile['kind']): { text: string } | { reason: string } {
  const marked = utf16ByBom(bytes);
  if (marked) return decodeWith(marked, bytes.subarray(2), marked.toUpperCase());
  const signature = binarySignature(bytes);
  if (signature) return { reason: `binary content (${signature}, not text)` };
  const utf16 = bomlessUtf16(bytes);
  if (utf16) return decodeWith(utf16, bytes, utf16.toUpperCase());
  let body = bytes;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3);
  const nul = body.indexOf(0);
  if (nul !== -1) return { reason: `binary content (NUL byte at offset ${nul})` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    const charset = kind === 'html' ? declaredCharset(body) : undefined;
    // A page declaring UTF-8 that is not is read like an undeclared one.
    const declared = charset && !/^utf-?8$/i.test(charset) ? charset : undefined;
    if (declared) {
      const decoded = decodeWith(declared, body, declared);
      if ('text' in decoded) return decoded;
    }
    if (looksLikeLegacyText(body)) return { text: new TextDecoder('windows-1252').decode(body) };
    const claim = declared ? `, nor valid as its declared charset "${declared}"` : '';
    return { reason: `not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(body)})${claim}, and not plausible windows-1252 text; convert it to UTF-8 or declare its charset` };
  }
}

function decodeWith(encoding: string, bytes: Uint8Array, label: string): { text: string } | { reason: string } {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    return { reason: `unsupported charset "${label}"` };
  }
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    return { reason: `not valid ${label} text` };
  }
}

/**
 * The charset of `<meta charset>` or `<meta http-equiv content="...charset=">` in the first 4 KB.
 * A page whose bytes are not UTF-16 cannot hold that declaration in UTF-16 either, so the HTML
 * standard reads a declared UTF-16 as UTF-8 (real UTF-16 is recognised by its BOM or zero bytes).
 */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const declared = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
  return declared && /^utf-?16(?:le|be)?$/i.test(declared) ? 'utf-8' : declared;
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return i;
}

/** One JSONL line as text: UTF-8, else windows-1252 when it reads as such; a reason otherwise. */
export function decodeLine(line: Buffer, knownUtf8: boolean): { text: string } | { reason: string } {
  const nul = line.indexOf(0);
  if (nul !== -1) return { reason: `binary content (NUL byte at offset ${nul} of the line)` };
  if (knownUtf8 || isUtf8(line)) return { text: line.toString('utf8') };
  if (looksLikeLegacyText(line)) return { text: new TextDecoder('windows-1252').decode(line) };
  return { reason: `line is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(line)}) and not plausible windows-1252 text` };
}
