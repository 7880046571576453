/**
 * Long work in the main thread lets the event loop turn every so often, so that a signal
 * (Ctrl-C, SIGTERM) is handled within a second however long the work is: the candidate pass,
 * and with one job the reading, cleaning and sketching of batches, and `dedupe clean`.
 */

/** How often the event loop gets a turn at the least. */
const TURN_EVERY_MS = 50;

export class EventLoopTurns {
  private last = Date.now();

  /** Waits for the event loop's next turn when the last one is more than TURN_EVERY_MS ago; at once otherwise. */
  async take(): Promise<void> {
    if (Date.now() - this.last < TURN_EVERY_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = Date.now();
  }
}
