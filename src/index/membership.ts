/**
 * A membership index: "has a text like this one been seen before?" for `dedupe filter`, in a
 * fraction of the memory of a clustering index. It keeps no document, signature or pair: only,
 * per LSH band, the set of band hashes of the documents it holds (the idea of LSHBloom, with
 * exact sets instead of Bloom filters, so it grows with what it holds and needs no capacity set in
 * advance). A document is seen when any of its band hashes is in its band's set: the banding is
 * chosen for the Jaccard threshold (`--threshold`), so the decision follows the banding's S-curve
 * around it, with no verification behind it: no containment, figure, date or lead check, which
 * need the sketch a clustering index keeps. Templated notices (auctions, rates, results) whose
 * wording is alike and whose figures differ are therefore seen as copies of each other far more
 * often than by a clustering index (docs/scale-out.md gives the measured rates).
 *
 * Redis layout (P the prefix): `{P}:params`, `{P}:format`, `{P}:documents` (a counter),
 * `{P}:lines` (the corpus lines, as a clustering index keeps them), and `{P/m<band>.<t>}<k>`: a
 * string per band and 12 high bits of the band key (t the top 4, the hash tag; k the next 8) of
 * sorted 5-byte entries, the key's other 40 bits. A band key is 52 bits (two independent hashes
 * of the band), not the 32 of a clustering index's band hash: with no verification behind a hit,
 * a key shared by chance would hold back a new story, and 32 bits are shared by chance by one new
 * band in 4,300 at 1,000,000 documents (one document in 170 with 25 bands), 52 bits by one in 4
 * billion at 1,000,000,000. In a cluster the band tags spread over every primary, and each script
 * touches one tag.
 */

import { bandHash, optimalBanding } from '../match/candidates.js';
import { encodeParams } from './codec.js';
import { addCorpusLines, bandTagName, byBandTag, connect, KEY_BITS, parseRedisTarget, readCorpusLines, TAG_BITS, usedMemory, type Client } from './redis.js';
import type { CorpusLineUpdate, StoredCorpusLines } from '../engine/corpus-lines.js';
import { IncompatibleIndexError, IndexTargetError } from './store.js';

export const MEMBERSHIP_FORMAT = 'dedupe-membership/1 redis-sharded/1';

export type { BandKeys };

/** What must agree between the runs that share a membership index: the sketch and the banding. */
export interface MembershipParams {
  shingleSize: number;
  permutations: number;
  seed: number;
  threshold: number;
  bands: number;
  rows: number;
}

/** The banding of a membership index: the one that minimises missed and false hits around the threshold. */
export function membershipParams(sketch: { shingleSize: number; permutations: number; seed: number }, threshold: number): MembershipParams {
  const { bands, rows } = optimalBanding(threshold, sketch.permutations);
  return { shingleSize: sketch.shingleSize, permutations: sketch.permutations, seed: sketch.seed, threshold, bands, rows };
}

export interface MembershipStats {
  target: string;
  params: MembershipParams | null;
  /** Documents added (those found new). */
  documents: number;
  /** Memory used by every primary (the whole servers, not this index alone). */
  bytes: number | null;
}

/** Bits of the first hash of a band below the tag and key bits, and bits taken from the second: 40 in all, held in each entry. */
const LOW_BITS = 32 - TAG_BITS - KEY_BITS;
const HIGH_BITS = 20;
/** A band key: the first hash, plus HIGH_BITS of the second above its 32 bits. */
type BandKeys = Float64Array;
/** An entry sent to the script: key within the tag (2 bytes) and residual (5). */
const ENTRY_BYTES = 7;
/** The salt of the second hash of a band. */
const SECOND_HASH_SALT = 0x5bd1e995;

/**
 * Band hashes of one tag. KEYS[1]: the tag, which begins the name of each of its keys; ARGV: add
 * ('1' or '0') and the entries packed (key within the tag, 2 bytes; residual, 5). Each key is a
 * string of 5-byte residuals in ascending order. Replies, per entry, 1 when its residual was
 * held before, else 0; with add, a residual not held is inserted in its place.
 */
const MEMBERSHIP_SCRIPT = `
local add = ARGV[1] == '1'
local out = {}
for at = 1, #ARGV[2], ${ENTRY_BYTES} do
  local k, residual = struct.unpack('<HI5', ARGV[2], at)
  local key = KEYS[1] .. k
  local value = redis.call('GET', key) or ''
  local count = #value / 5
  local low, high = 0, count
  while low < high do
    local middle = math.floor((low + high) / 2)
    if struct.unpack('<I5', value, middle * 5 + 1) < residual then low = middle + 1 else high = middle end
  end
  local held = low < count and struct.unpack('<I5', value, low * 5 + 1) == residual
  out[#out + 1] = held and 1 or 0
  if add and not held then
    -- SET, not APPEND: a string SET is allocated to its size, one APPEND grows ahead of it.
    redis.call('SET', key, string.sub(value, 1, low * 5) .. struct.pack('<I5', residual) .. string.sub(value, low * 5 + 1))
  end
end
return out
`;

interface MembershipScripts {
  dedupeMembership(tag: string, add: '0' | '1', entries: Buffer): Promise<number[]>;
}

export class RedisMembership {
  readonly target: string;
  private readonly scripts: MembershipScripts;
  private readonly names;
  /** The parameters in use, once useParams has read or stored them. */
  private params?: MembershipParams;

  private constructor(
    target: string,
    private readonly client: Client,
    private readonly prefix: string,
  ) {
    this.target = target;
    const k = (name: string) => `{${prefix}}:${name}`;
    this.names = { params: k('params'), format: k('format'), documents: k('documents'), lines: k('lines') };
    client.defineCommand('dedupeMembership', { numberOfKeys: 1, lua: MEMBERSHIP_SCRIPT });
    this.scripts = client as unknown as MembershipScripts;
  }

  static async open(target: string): Promise<RedisMembership> {
    const settings = parseRedisTarget(target);
    return new RedisMembership(settings.shown, await connect(settings), settings.prefix);
  }

  /** The index's parameters, null for an empty prefix; refuses a prefix that holds a clustering index. */
  async readParams(): Promise<MembershipParams | null> {
    const [value, format] = await this.client.mget(this.names.params, this.names.format);
    if (value === null) return null;
    if (format !== MEMBERSHIP_FORMAT) {
      throw new IndexTargetError(`index ${this.target} is not a membership index (format ${format ?? 'unknown'}; a membership index is ${MEMBERSHIP_FORMAT}): leave out --membership to use it, or give another prefix`);
    }
    return JSON.parse(value) as MembershipParams;
  }

  /** What the prefix holds: nothing yet, a membership index, or another (a clustering index). */
  async kind(): Promise<'empty' | 'membership' | 'clustering'> {
    const [params, format] = await this.client.mget(this.names.params, this.names.format);
    if (params === null) return 'empty';
    return format === MEMBERSHIP_FORMAT ? 'membership' : 'clustering';
  }

  /**
   * The parameters a run with these sketch settings and threshold uses: stored with a new index
   * (unless queryOnly), and refused when unlike those of an existing one.
   */
  async useParams(sketch: { shingleSize: number; permutations: number; seed: number }, threshold: number, queryOnly: boolean): Promise<MembershipParams> {
    const wanted = membershipParams(sketch, threshold);
    if (queryOnly) checkMembershipParams(this.target, (await this.readParams())!, wanted);
    else await this.ensureParams(wanted);
    this.params = wanted;
    return wanted;
  }

  /** Stores the parameters of a new index, or refuses parameters unlike the stored ones. */
  async ensureParams(params: MembershipParams): Promise<void> {
    if ((await this.readParams()) === null) {
      await this.client.multi().set(this.names.format, MEMBERSHIP_FORMAT, 'NX').set(this.names.params, encodeParams(params), 'NX').exec();
    }
    checkMembershipParams(this.target, (await this.readParams())!, params);
  }

  /** A document's band keys (52 bits each): two independent hashes of each band of its compact signature. */
  keys(doc: { signature: Uint16Array }): BandKeys {
    if (!this.params) throw new Error('membership keys asked for before the parameters were read');
    const { bands, rows } = this.params;
    const keys = new Float64Array(bands);
    for (let band = 0; band < bands; band++) {
      keys[band] = bandHash(doc.signature, band, rows) + (bandHash(doc.signature, band, rows, SECOND_HASH_SALT) >>> (32 - HIGH_BITS)) * 2 ** 32;
    }
    return keys;
  }

  /**
   * For each document (its band keys, one per band), whether any of them is held; with add,
   * the band keys of every document are added too (each insert is atomic per key, so a
   * document added twice, by two workers or a resumed run, is held once).
   */
  async held(documents: readonly BandKeys[], add: boolean): Promise<boolean[]> {
    const held = documents.map(() => false);
    await Promise.all(
      [...byBandTag(documents)].map(async ([tag, { docs, hashes }]) => {
        const packed = Buffer.allocUnsafe(docs.length * ENTRY_BYTES);
        hashes.forEach((hash, i) => {
          const first = hash % 2 ** 32;
          const second = Math.floor(hash / 2 ** 32);
          packed.writeUInt16LE((first >>> LOW_BITS) & (2 ** KEY_BITS - 1), i * ENTRY_BYTES);
          packed.writeUIntLE((first & (2 ** LOW_BITS - 1)) + second * 2 ** LOW_BITS, i * ENTRY_BYTES + 2, 5);
        });
        const reply = await this.scripts.dedupeMembership(bandTagName(this.prefix, 'm', tag), add ? '1' : '0', packed);
        reply.forEach((found, i) => {
          if (found === 1) held[docs[i]] = true;
        });
      }),
    );
    if (add && documents.length) await this.client.incrby(this.names.documents, documents.length);
    return held;
  }

  async stats(): Promise<MembershipStats> {
    const [params, documents, bytes] = await Promise.all([this.readParams(), this.client.get(this.names.documents), usedMemory(this.client)]);
    return { target: this.target, params, documents: Number(documents ?? 0), bytes };
  }

  corpusLines(): Promise<StoredCorpusLines> {
    return readCorpusLines(this.client, this.names.lines);
  }

  addCorpusLines(update: CorpusLineUpdate): Promise<void> {
    return addCorpusLines(this.client, this.names.lines, update);
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

function checkMembershipParams(target: string, stored: MembershipParams, wanted: MembershipParams): void {
  const differences = (Object.keys(stored) as (keyof MembershipParams)[]).filter((key) => stored[key] !== wanted[key]).map((key) => `${key} ${stored[key]} (this run: ${wanted[key]})`);
  if (differences.length) {
    throw new IncompatibleIndexError(`membership index ${target} was built with other parameters: ${differences.join(', ')}; run with the index's parameters or use a new prefix`);
  }
}
