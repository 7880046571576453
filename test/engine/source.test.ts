import { describe, expect, it } from 'vitest';
import { parseRef } from '../../src/engine/source.js';

describe('parseRef', () => {
  it('parses FILE:N only for JSON and JSONL files', () => {
    expect(parseRef('feeds/wire-feed.jsonl:3')).toEqual({ file: 'feeds/wire-feed.jsonl', record: 3 });
    expect(parseRef('notes:3.txt')).toEqual({ file: 'notes:3.txt' });
  });
});
