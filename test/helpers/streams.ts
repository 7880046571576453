/** What a report writer writes to a stream. */

import { PassThrough } from 'node:stream';

/**
 * Everything `write` writes to a stream, as UTF-8. A small `highWaterMark` makes the stream ask
 * the writer to wait after each block, so a writer that ignores backpressure loses or reorders text.
 */
export async function written(write: (stream: PassThrough) => Promise<void>, highWaterMark?: number): Promise<string> {
  const stream = new PassThrough(highWaterMark === undefined ? {} : { highWaterMark });
  const parts: Buffer[] = [];
  stream.on('data', (part: Buffer) => parts.push(part));
  await write(stream);
  stream.end();
  await new Promise((resolve) => stream.on('end', resolve));
  return Buffer.concat(parts).toString('utf8');
}
