import { describe, expect, it } from 'vitest';
import { formatProgress, ProgressBar, type ProgressState } from '../../src/io/progress.js';

describe('progress bar', () => {
  const sink = (isTTY: boolean) => {
    const writes: string[] = [];
    return { stream: { isTTY, columns: 100, write: (s: string) => writes.push(s) }, writes };
  };
  const reading: ProgressState = { phase: 'reading', documents: 250_000, bytes: 800e6, expected: 1_000_000 };

  it('shows the reading phase with documents, rates from the phase start, and time left', () => {
    const line = formatProgress(reading, { run: 14, phase: 10 }, 120);
    expect(line).toContain('reading');
    expect(line).toContain('25%');
    expect(line).toContain('250,000 docs');
    expect(line).toContain('25,000 docs/s');
    expect(line).toContain('80.0 MB/s');
    expect(line).toContain('ETA 0:30');
    expect(line).toContain('0:14');
    expect(formatProgress({ ...reading, expected: undefined }, { run: 1, phase: 1 }, 120)).not.toContain('ETA');
  });

  it('names the candidate phase with bands done and pairs verified, and the clustering phase', () => {
    const line = formatProgress({ phase: 'candidates', documents: 1_000, bytes: 0, bandsDone: 17, bands: 51, pairs: 123_456 }, { run: 5, phase: 1 }, 160);
    expect(line).toContain('candidates');
    expect(line).toContain('33%');
    expect(line).toContain('band 17/51');
    expect(line).toContain('123,456 pairs verified');
    expect(formatProgress({ phase: 'clustering', documents: 1_000, bytes: 0, pairs: 40 }, { run: 6, phase: 0 }, 160)).toContain('clustering 40 pairs');
  });

  it('stays silent off a terminal and with --quiet, unless log lines are asked for', () => {
    expect(ProgressBar.wanted({ isTTY: false, write: () => true }, false)).toBe('off');
    expect(ProgressBar.wanted({ isTTY: true, write: () => true }, true)).toBe('off');
    expect(ProgressBar.wanted({ isTTY: true, write: () => true }, false)).toBe('bar');
    expect(ProgressBar.wanted({ isTTY: false, write: () => true }, false, true)).toBe('lines');
    const { stream, writes } = sink(false);
    const bar = new ProgressBar(stream, ProgressBar.wanted(stream, false));
    bar.update({ phase: 'reading', documents: 10, bytes: 100, expected: 20 });
    bar.done();
    expect(writes).toEqual([]);
  });

  it('as log lines, writes one line when each phase starts and none in between', () => {
    const { stream, writes } = sink(false);
    const log = new ProgressBar(stream, 'lines');
    log.update({ phase: 'reading', documents: 0, bytes: 0, expected: 20 });
    log.update({ phase: 'reading', documents: 10, bytes: 100, expected: 20 });
    log.update({ phase: 'candidates', documents: 20, bytes: 0, bandsDone: 0, bands: 4, pairs: 0 });
    log.update({ phase: 'clustering', documents: 20, bytes: 0, pairs: 3 });
    expect(writes.map((w) => w.split(' ')[1])).toEqual(['[------------------------------]', '[------------------------------]', 'clustering']);
    expect(writes.every((w) => w.startsWith('progress: ') && w.endsWith('\n'))).toBe(true);
    expect(writes[1]).toContain('candidates');
  });
});
