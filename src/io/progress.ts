/**
 * Progress bar on stderr: documents, documents per second, MB/s and time left, redrawn in
 * place a few times a second. It appears only on a terminal, and only once a run has taken
 * longer than a moment, so short runs, pipes and CI logs see nothing. Hand-made (one line of
 * ANSI-free text and a carriage return) rather than a dependency: nothing else is needed.
 */

export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Runs shorter than this never show the bar. */
const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 200;

export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly enabled: boolean,
  ) {}

  /** Whether a bar is wanted at all: stderr is a terminal and output is not quieted. */
  static wanted(stream: ProgressStream, quiet: boolean): boolean {
    return !quiet && Boolean(stream.isTTY);
  }

  update(documents: number, bytes: number, expected?: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.started < SHOW_AFTER_MS || now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.drawn = true;
    this.stream.write(`\r${formatProgress(documents, bytes, expected, (now - this.started) / 1000, this.stream.columns ?? 80)}\x1b[K`);
  }

  /** Clears the bar so the report starts on a clean line. */
  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}` : `${m}:${String(s % 60).padStart(2, '0')}`;
}

/** One line: bar (when the total is known), documents, rates, elapsed time and time left. */
export function formatProgress(documents: number, bytes: number, expected: number | undefined, elapsed: number, columns: number): string {
  const rate = elapsed > 0 ? documents / elapsed : 0;
  const mbps = elapsed > 0 ? bytes / 1e6 / elapsed : 0;
  const stats = `${documents.toLocaleString('en-US')} docs  ${Math.round(rate).toLocaleString('en-US')} docs/s  ${mbps.toFixed(1)} MB/s  ${clock(elapsed)}`;
  if (!expected) return stats.slice(0, columns - 1);
  const fraction = Math.min(1, documents / expected);
  // Time left comes first: on a narrow terminal the line is cut from the right.
  const eta = rate > 0 ? `  ETA ${clock((expected - documents) / rate)}` : '';
  const tail = ` ${String(Math.floor(fraction * 100)).padStart(3)}%${eta}  ${stats}`;
  const width = Math.max(10, Math.min(30, columns - tail.length - 3));
  const full = Math.round(fraction * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}]${tail}`.slice(0, columns - 1);
}
