/** Encoding detection of the read stage: legacy (windows-1252) text, declared and unknown charsets. */

import { describe, expect, it } from 'vitest';
import { decodeText, looksLikeLegacyText } from '../../src/input/decode.js';

describe('legacy encoding detection', () => {
  it('takes Western European windows-1252 text', () => {
    expect(looksLikeLegacyText(Buffer.from('Le caf\xe9 du ch\xe2teau a rouvert \x96 \x93enfin\x94.\r\n', 'latin1'))).toBe(true);
  });

  it('refuses binary data and multi-byte legacy text', () => {
    const binary = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 131) % 256).filter((b) => b !== 0));
    expect(looksLikeLegacyText(binary)).toBe(false);
    // Shift_JIS "日本語のニュース記事です" repeated: most bytes are high.
    const shiftJis = Buffer.from('93fa967b8cea82cc836a8385815b83588b4c8e9682c582b7'.repeat(4), 'hex');
    expect(looksLikeLegacyText(shiftJis)).toBe(false);
    expect(decodeText(shiftJis, 'text')).toEqual({ reason: expect.stringMatching(/^not valid UTF-8 \(first bad byte at offset \d+\), and not plausible windows-1252 text/) });
  });

  it('decodes undeclared Shift_JIS in HTML only when the page declares it', () => {
    const body = Buffer.from('93fa967b8cea', 'hex');
    const declared = Buffer.concat([Buffer.from('<meta charset="Shift_JIS"><p>'), body]);
    expect(decodeText(declared, 'html')).toEqual({ text: '<meta charset="Shift_JIS"><p>日本語' });
  });

  it('falls back to detection when the declared charset is unknown', () => {
    const page = Buffer.from('<meta charset="x-made-up"><p>na\xefve</p>', 'latin1');
    expect(decodeText(page, 'html')).toEqual({ text: '<meta charset="x-made-up"><p>naïve</p>' });
  });
});
