/**
 * Progress on stderr, naming the phase the run is in and its progress in that phase: reading
 * (documents, rates, time left), candidates (LSH bands done, pairs verified), clustering.
 * Two forms: a bar redrawn in place a few times a second, only on a terminal and only once a
 * run has taken longer than a moment (short runs, pipes and CI logs see nothing); and, asked
 * for with --progress, plain lines for logs, one when a phase starts and one every few seconds.
 * Hand-made (one line of text and a carriage return) rather than a dependency: nothing else is needed.
 */

export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export type ProgressPhase = 'learning' | 'reading' | 'candidates' | 'clustering';

/** Where a run is: the phase, and the figures of that phase. */
export interface ProgressState {
  phase: ProgressPhase;
  /** Documents read so far, raw bytes read so far, and the expected number of documents (when known). */
  documents: number;
  bytes: number;
  expected?: number;
  /** Candidates: LSH bands finished, of all bands, and candidate pairs verified so far. */
  bandsDone?: number;
  bands?: number;
  pairs?: number;
}

/** Runs shorter than this never show the bar. */
const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 200;
/** Log lines (--progress) come at most this often within a phase. */
const LOG_EVERY_MS = 5000;

export type ProgressForm = 'bar' | 'lines' | 'off';

export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;
  private phase: ProgressPhase | undefined;
  private phaseStarted = Date.now();

  constructor(
    private readonly stream: ProgressStream,
    private readonly form: ProgressForm,
  ) {}

  /** The form wanted: lines when asked for, a bar on a terminal, else nothing (and nothing with --quiet). */
  static wanted(stream: ProgressStream, quiet: boolean, lines = false): ProgressForm {
    if (quiet) return 'off';
    if (lines) return 'lines';
    return stream.isTTY ? 'bar' : 'off';
  }

  update(state: ProgressState): void {
    if (this.form === 'off') return;
    const now = Date.now();
    const newPhase = state.phase !== this.phase;
    if (newPhase) this.phaseStarted = now;
    this.phase = state.phase;
    const elapsed = { run: (now - this.started) / 1000, phase: (now - this.phaseStarted) / 1000 };
    if (this.form === 'lines') {
      if (!newPhase && now - this.lastDraw < LOG_EVERY_MS) return;
      this.lastDraw = now;
      this.stream.write(`progress: ${formatProgress(state, elapsed, 200)}\n`);
      return;
    }
    if (now - this.started < SHOW_AFTER_MS || (!newPhase && now - this.lastDraw < REDRAW_MS)) return;
    this.lastDraw = now;
    this.drawn = true;
    this.stream.write(`\r${formatProgress(state, elapsed, this.stream.columns ?? 80)}\x1b[K`);
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

const count = (n: number) => n.toLocaleString('en-US');

/** A bar for a fraction done, as wide as the line leaves room for (10 to 30 characters), before the tail. */
function withBar(fraction: number, tail: string, columns: number): string {
  const width = Math.max(10, Math.min(30, columns - tail.length - 3));
  const full = Math.round(Math.min(1, fraction) * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}]${tail}`.slice(0, columns - 1);
}

/** Seconds since the run started, and since its current phase started (rates and time left are the phase's). */
export interface Elapsed {
  run: number;
  phase: number;
}

/** One line: the phase, a bar when the total is known, the phase's figures, elapsed time (and time left while reading). */
export function formatProgress(state: ProgressState, elapsed: Elapsed, columns: number): string {
  if (state.phase === 'candidates') {
    const fraction = state.bands ? (state.bandsDone ?? 0) / state.bands : 0;
    const tail = ` candidates ${String(Math.floor(fraction * 100)).padStart(3)}%  band ${state.bandsDone ?? 0}/${state.bands ?? '?'}  ${count(state.pairs ?? 0)} pairs verified  ${count(state.documents)} docs  ${clock(elapsed.run)}`;
    return withBar(fraction, tail, columns);
  }
  if (state.phase === 'clustering') return `clustering ${count(state.pairs ?? 0)} pairs of copies  ${count(state.documents)} docs  ${clock(elapsed.run)}`.slice(0, columns - 1);
  const verb = state.phase === 'learning' ? 'learning repeated lines' : 'reading';
  const rate = elapsed.phase > 0 ? state.documents / elapsed.phase : 0;
  const mbps = elapsed.phase > 0 ? state.bytes / 1e6 / elapsed.phase : 0;
  const stats = `${count(state.documents)} docs  ${count(Math.round(rate))} docs/s  ${mbps.toFixed(1)} MB/s  ${clock(elapsed.run)}`;
  if (!state.expected || state.phase === 'learning') return `${verb}  ${state.phase === 'learning' ? clock(elapsed.run) : stats}`.slice(0, columns - 1);
  const fraction = Math.min(1, state.documents / state.expected);
  // Time left comes first: on a narrow terminal the line is cut from the right.
  const eta = rate > 0 ? `  ETA ${clock((state.expected - state.documents) / rate)}` : '';
  const tail = ` ${verb} ${String(Math.floor(fraction * 100)).padStart(3)}%${eta}  ${stats}`;
  return withBar(fraction, tail, columns);
}
