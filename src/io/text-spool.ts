/**
 * Texts that arrive in one order and are needed in another (canonical texts are read file by
 * file and printed cluster by cluster): each is appended to a file (in a scratch folder, see
 * createScratchFolder) as it comes, and read back by its key. Memory holds a block being written and two numbers per
 * text, never the texts.
 */

import { open, type FileHandle } from 'node:fs/promises';

/** Bytes gathered before a write. */
const BLOCK = 1 << 20;

export class TextSpool {
  private readonly places = new Map<string, { at: number; bytes: number }>();
  private block: Buffer[] = [];
  private blockBytes = 0;
  private end = 0;

  private constructor(private readonly handle: FileHandle) {}

  /** A spool in `file`, created (the caller removes it). */
  static async create(file: string): Promise<TextSpool> {
    return new TextSpool(await open(file, 'wx+'));
  }

  /** Appends the text of `key`. */
  async add(key: string, text: string): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    this.places.set(key, { at: this.end, bytes: bytes.length });
    this.end += bytes.length;
    this.block.push(bytes);
    this.blockBytes += bytes.length;
    if (this.blockBytes >= BLOCK) await this.flush();
  }

  /** The text of `key`, or undefined when none was added. */
  async get(key: string): Promise<string | undefined> {
    const place = this.places.get(key);
    if (!place) return undefined;
    await this.flush();
    const bytes = Buffer.allocUnsafe(place.bytes);
    let done = 0;
    while (done < place.bytes) {
      const { bytesRead } = await this.handle.read(bytes, done, place.bytes - done, place.at + done);
      if (bytesRead === 0) throw new Error('the spooled texts are shorter than written');
      done += bytesRead;
    }
    return bytes.toString('utf8');
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async flush(): Promise<void> {
    if (this.blockBytes === 0) return;
    const data = Buffer.concat(this.block, this.blockBytes);
    this.block = [];
    this.blockBytes = 0;
    let done = 0;
    // Appended at the end: everything before it is already written.
    const at = this.end - data.length;
    while (done < data.length) done += (await this.handle.write(data, done, data.length - done, at + done)).bytesWritten;
  }
}
