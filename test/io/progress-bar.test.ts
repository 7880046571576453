import { describe, expect, it } from 'vitest';
import { formatProgress, ProgressBar } from '../../src/io/progress.js';

describe('progress bar', () => {
  const sink = (isTTY: boolean) => {
    const writes: string[] = [];
    return { stream: { isTTY, columns: 100, write: (s: string) => writes.push(s) }, writes };
  };

  it('shows documents, rate and time left', () => {
    const line = formatProgress(250_000, 800e6, 1_000_000, 10, 120);
    expect(line).toContain('25%');
    expect(line).toContain('250,000 docs');
    expect(line).toContain('25,000 docs/s');
    expect(line).toContain('80.0 MB/s');
    expect(line).toContain('ETA 0:30');
    expect(formatProgress(10, 1000, undefined, 1, 120)).not.toContain('ETA');
  });

  it('stays silent off a terminal and with --quiet', () => {
    expect(ProgressBar.wanted({ isTTY: false, write: () => true }, false)).toBe(false);
    expect(ProgressBar.wanted({ isTTY: true, write: () => true }, true)).toBe(false);
    const { stream, writes } = sink(false);
    const bar = new ProgressBar(stream, ProgressBar.wanted(stream, false));
    bar.update(10, 100, 20);
    bar.done();
    expect(writes).toEqual([]);
  });
});
