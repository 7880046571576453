/**
 * The shared index: Redis, for many `dedupe` processes on one or many machines. Inserting a
 * document (its id, sketch and LSH bucket entries) is one Lua script, so it is atomic: two
 * processes inserting copies at the same moment are serialised, and the later one finds the
 * earlier in its buckets. Every key carries the hash tag `{prefix}`, so in Redis Cluster an
 * index lives in one slot (which multi-key scripts need) and separate indexes spread over nodes.
 *
 * Keys (P = "{prefix}:"): P+params; P+format (written with P+params); P+ids (hash: id -> "seq contenthash"); P+seq (counter);
 * P+d:<seq> (string: metadata JSON and sketch, written once); P+b:<band>:<hash high bits>
 * (hash: low 18 bits of a band hash -> seqs packed as 4-byte integers, so a million documents
 * share a few hundred thousand small keys instead of 42 keys each); P+p:<seq> (set of verified
 * partners); P+npairs; P+cluster (hash: seq -> canonical id); P+pending, P+unlabelled,
 * P+canonicals, P+duplicates (sets of seqs); P+lock; P+lines (hash: "documents" -> documents counted,
 * "n:<line hash>" -> documents holding the line, "learnt:<line hash>" -> 1 for a learnt line).
 */

import { Redis, Cluster } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { FULL_PAIRING_LIMIT } from '../match/candidates.js';
import { encodeParams, packSamples, sketchBytes, sketchValues, unpackSamples, type VerificationSamples } from './codec.js';
import { emptyCorpusLines, type CorpusLineUpdate, type StoredCorpusLines } from '../engine/corpus-lines.js';
import { INDEX_FORMAT, checkParams, IndexTargetError, type IndexLabel, type IndexParams, type IndexStats, type IndexStore, type InsertOutcome, type NewDocument, type SketchFields, type StoredDocument } from './store.js';

/** Band hashes are split into a key (high bits) and a field (low 18 bits): small hashes stay compact. */
const BUCKET_SPLIT = 262144;

const INSERT_SCRIPT = `
local base = ARGV[1]
local existing = redis.call('HGET', KEYS[1], ARGV[2])
if existing then return {0, existing} end
local seq = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[2], seq .. ' ' .. ARGV[3])
local limit = tonumber(ARGV[4])
local bands = tonumber(ARGV[5])
local packed = struct.pack('<I4', seq)
local out = {1, seq}
for band = 0, bands - 1 do
  local h = tonumber(ARGV[6 + band])
  local key = base .. 'b:' .. band .. ':' .. math.floor(h / ${BUCKET_SPLIT})
  local field = tostring(h % ${BUCKET_SPLIT})
  local members = redis.call('HGET', key, field)
  if members then
    local n = #members / 4
    for i = math.max(1, n - limit + 1), n do out[#out + 1] = struct.unpack('<I4', members, (i - 1) * 4 + 1) end
    redis.call('HSET', key, field, members .. packed)
  else
    redis.call('HSET', key, field, packed)
  end
end
redis.call('SET', base .. 'd:' .. seq, ARGV[6 + bands])
redis.call('SADD', KEYS[3], seq)
return out
`;

const PAIR_SCRIPT = `
local base = ARGV[1]
local added = redis.call('SADD', base .. 'p:' .. ARGV[2], ARGV[3])
redis.call('SADD', base .. 'p:' .. ARGV[3], ARGV[2])
if added == 1 then redis.call('INCR', KEYS[1]) end
return added
`;

const LABEL_SCRIPT = `
local base = ARGV[1]
local seq = ARGV[2]
if redis.call('SISMEMBER', base .. 'pending', seq) == 1 then return 0 end
if ARGV[3] == '' then redis.call('HDEL', base .. 'cluster', seq) else redis.call('HSET', base .. 'cluster', seq, ARGV[3]) end
if ARGV[4] == '1' then redis.call('SADD', base .. 'canonicals', seq) else redis.call('SREM', base .. 'canonicals', seq) end
if ARGV[3] ~= '' and ARGV[4] == '0' then redis.call('SADD', base .. 'duplicates', seq) else redis.call('SREM', base .. 'duplicates', seq) end
redis.call('SREM', base .. 'unlabelled', seq)
return 1
`;

const UNLOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

type Metadata = Omit<StoredDocument, 'seq' | SketchFields | 'cluster' | 'canonical'>;

/** A document as one string: 4-byte length of the metadata JSON, the JSON, signature, verification samples. */
export function encodeDocument(doc: NewDocument): Buffer {
  const { signature, figures, slots, lead, ...rest } = doc;
  const metadata: Metadata = rest;
  const json = Buffer.from(JSON.stringify(metadata));
  const head = Buffer.alloc(4);
  head.writeUInt32LE(json.length);
  return Buffer.concat([head, json, sketchBytes(signature), packSamples({ figures, slots, lead })]);
}

export function decodeDocument(bytes: Buffer, permutations: number): { metadata: Metadata; signature: Uint32Array } & VerificationSamples {
  const length = bytes.readUInt32LE(0);
  const signatureEnd = 4 + length + permutations * 4;
  return {
    metadata: JSON.parse(bytes.subarray(4, 4 + length).toString()) as Metadata,
    signature: sketchValues(bytes.subarray(4 + length, signatureEnd)),
    ...unpackSamples(bytes.subarray(signatureEnd)),
  };
}

function unpackSeqs(bytes: Buffer | null, limit: number): number[] {
  if (!bytes) return [];
  const out: number[] = [];
  for (let i = Math.max(0, bytes.length / 4 - limit); i < bytes.length / 4; i++) out.push(bytes.readUInt32LE(i * 4));
  return out;
}
const PAGE = 2_000;
const LOCK_MS = 120_000;

type Client = Redis | Cluster;

/** An entry of the ids hash: "seq contenthash". */
function parseEntry(value: string): { seq: number; hash: string } {
  const space = value.indexOf(' ');
  return { seq: Number(value.slice(0, space)), hash: value.slice(space + 1) };
}

/** `redis://[user:pass@]host:port/db?prefix=name[&cluster=1]` -> connection settings. */
export function parseRedisTarget(target: string): { url: string; prefix: string; cluster: boolean; shown: string } {
  let parsed: URL;
  try {
    parsed = new URL(target);
  } catch {
    throw new IndexTargetError(`cannot parse the Redis URL ${target}`);
  }
  const prefix = parsed.searchParams.get('prefix') ?? 'dedupe';
  if (!/^[\w.:-]+$/.test(prefix)) throw new IndexTargetError(`Redis prefix "${prefix}" may hold only letters, digits, _ . : -`);
  const cluster = ['1', 'true', 'yes'].includes(parsed.searchParams.get('cluster') ?? '');
  const shown = new URL(parsed.href);
  if (shown.password) shown.password = '***';
  parsed.search = '';
  return { url: parsed.href, prefix, cluster, shown: shown.href };
}

export class RedisStore implements IndexStore {
  readonly target: string;
  readonly client: Client;
  private readonly base: string;
  private readonly keys;

  private constructor(target: string, client: Client, prefix: string) {
    this.target = target;
    this.client = client;
    this.base = `{${prefix}}:`;
    const k = (name: string) => this.base + name;
    this.keys = {
      params: k('params'),
      format: k('format'),
      ids: k('ids'),
      seq: k('seq'),
      pairs: k('npairs'),
      pending: k('pending'),
      cluster: k('cluster'),
      unlabelled: k('unlabelled'),
      canonicals: k('canonicals'),
      duplicates: k('duplicates'),
      lock: k('lock'),
      lines: k('lines'),
    };
    client.defineCommand('dedupeInsert', { numberOfKeys: 3, lua: INSERT_SCRIPT });
    client.defineCommand('dedupePair', { numberOfKeys: 1, lua: PAIR_SCRIPT });
    client.defineCommand('dedupeLabel', { numberOfKeys: 1, lua: LABEL_SCRIPT });
    client.defineCommand('dedupeUnlock', { numberOfKeys: 1, lua: UNLOCK_SCRIPT });
  }

  static async open(target: string): Promise<RedisStore> {
    const { url, prefix, cluster, shown } = parseRedisTarget(target);
    const options = { lazyConnect: true, maxRetriesPerRequest: 2, enableAutoPipelining: false };
    let client: Client;
    if (cluster) {
      const seed = new URL(url);
      client = new Cluster([{ host: seed.hostname, port: Number(seed.port || 6379) }], {
        lazyConnect: true,
        redisOptions: { username: decodeURIComponent(seed.username) || undefined, password: decodeURIComponent(seed.password) || undefined },
      });
    } else {
      client = new Redis(url, { ...options, retryStrategy: () => null });
    }
    let lastError: Error | undefined;
    client.on('error', (error: Error) => {
      // Connection errors also surface as rejected commands; keep the cause for the message.
      lastError = error;
    });
    try {
      await client.connect();
      await client.ping();
    } catch (error) {
      client.disconnect();
      throw new Error(`cannot reach Redis at ${shown}: ${(lastError ?? (error as Error)).message}`);
    }
    return new RedisStore(shown, client, prefix);
  }

  private doc(seq: number | string): string {
    return `${this.base}d:${seq}`;
  }

  private bucket(band: number, hash: number): [string, string] {
    return [`${this.base}b:${band}:${Math.floor(hash / BUCKET_SPLIT)}`, String(hash % BUCKET_SPLIT)];
  }

  private permutations?: number;

  private async signatureLength(): Promise<number> {
    this.permutations ??= (await this.readParams())?.permutations ?? 0;
    return this.permutations;
  }

  /** The index's parameters (null for an empty index); refuses an index of another format. */
  async readParams(): Promise<IndexParams | null> {
    const [value, format] = await this.client.mget(this.keys.params, this.keys.format);
    if (value === null) return null;
    if (format !== INDEX_FORMAT) {
      throw new IndexTargetError(`index ${this.target} was written by another version of dedupe (format ${format ?? 'older than dedupe-index/3'}; this version reads ${INDEX_FORMAT}): build a new index`);
    }
    return JSON.parse(value) as IndexParams;
  }

  async ensureParams(params: IndexParams): Promise<void> {
    // The format is recorded only with new params, never added to an index of an older format.
    if ((await this.readParams()) === null) await this.client.multi().set(this.keys.format, INDEX_FORMAT, 'NX').set(this.keys.params, encodeParams(params), 'NX').exec();
    checkParams(this.target, (await this.readParams())!, params);
  }

  async documentCount(): Promise<number> {
    return this.client.hlen(this.keys.ids);
  }

  async lookup(ids: readonly string[]): Promise<Map<string, { seq: number; hash: string }>> {
    const out = new Map<string, { seq: number; hash: string }>();
    if (ids.length === 0) return out;
    const values = await this.client.hmget(this.keys.ids, ...ids);
    ids.forEach((id, i) => {
      if (values[i] !== null) out.set(id, parseEntry(values[i]!));
    });
    return out;
  }

  async insert(documents: readonly NewDocument[], bandHashes: readonly Uint32Array[]): Promise<InsertOutcome[]> {
    const pipeline = this.client.pipeline();
    documents.forEach((doc, i) => {
      const hashes = Array.from(bandHashes[i], String);
      (pipeline as unknown as Record<string, (...args: unknown[]) => void>).dedupeInsert(
        this.keys.ids, this.keys.seq, this.keys.pending, this.base, doc.id, doc.hash, FULL_PAIRING_LIMIT, hashes.length, ...hashes, encodeDocument(doc),
      );
    });
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, value]): InsertOutcome => {
      if (error) throw error;
      const reply = value as (number | string)[];
      if (reply[0] === 0) return { inserted: false, ...parseEntry(String(reply[1])) };
      return { inserted: true, seq: Number(reply[1]), candidates: [...new Set(reply.slice(2).map(Number))] };
    });
  }

  async candidates(bandHashes: readonly Uint32Array[]): Promise<number[][]> {
    const pipeline = this.client.pipeline();
    for (const hashes of bandHashes) {
      for (let band = 0; band < hashes.length; band++) pipeline.hgetBuffer(...this.bucket(band, hashes[band]));
    }
    const results = (await pipeline.exec()) ?? [];
    let next = 0;
    return bandHashes.map((hashes) => {
      const found = new Set<number>();
      for (let band = 0; band < hashes.length; band++) {
        const [error, members] = results[next++];
        if (error) throw error;
        for (const seq of unpackSeqs(members as Buffer | null, FULL_PAIRING_LIMIT)) found.add(seq);
      }
      return [...found];
    });
  }

  async getDocuments(seqs: readonly number[]): Promise<Map<number, StoredDocument>> {
    const out = new Map<number, StoredDocument>();
    if (seqs.length === 0) return out;
    const permutations = await this.signatureLength();
    const pipeline = this.client.pipeline();
    for (const seq of seqs) pipeline.getBuffer(this.doc(seq));
    pipeline.hmget(this.keys.cluster, ...seqs.map(String));
    pipeline.smismember(this.keys.canonicals, ...seqs.map(String));
    const results = (await pipeline.exec()) ?? [];
    for (const [error] of results) if (error) throw error;
    const clusters = results[seqs.length][1] as (string | null)[];
    const canonicals = results[seqs.length + 1][1] as number[];
    seqs.forEach((seq, i) => {
      const bytes = results[i][1] as Buffer | null;
      if (!bytes) return;
      const { metadata, signature, figures, slots, lead } = decodeDocument(bytes, permutations);
      out.set(seq, { ...metadata, seq, signature, figures, slots, lead, cluster: clusters[i], canonical: canonicals[i] === 1 });
    });
    return out;
  }

  async complete(pairs: readonly (readonly [number, number])[], seqs: readonly number[]): Promise<void> {
    // MULTI: a process that dies while sending leaves none of it applied, and the documents pending.
    const multi = this.client.multi() as unknown as Record<string, (...args: unknown[]) => unknown> & { exec(): Promise<[Error | null, unknown][] | null> };
    for (const [a, b] of pairs) multi.dedupePair(this.keys.pairs, this.base, a, b);
    if (seqs.length) {
      multi.srem(this.keys.pending, ...seqs);
      multi.sadd(this.keys.unlabelled, ...seqs);
    }
    const results = (await multi.exec()) ?? [];
    for (const [error] of results) if (error) throw error;
  }

  async pending(): Promise<number[]> {
    return (await this.client.smembers(this.keys.pending)).map(Number).sort((a, b) => a - b);
  }

  async unlabelled(): Promise<number[]> {
    return (await this.client.smembers(this.keys.unlabelled)).map(Number).sort((a, b) => a - b);
  }

  async neighbours(seqs: readonly number[]): Promise<Map<number, number[]>> {
    const pipeline = this.client.pipeline();
    for (const seq of seqs) pipeline.smembers(`${this.base}p:${seq}`);
    const results = (await pipeline.exec()) ?? [];
    return new Map(seqs.map((seq, i) => [seq, (results[i][1] as string[]).map(Number)]));
  }

  async withLabelLock<T>(work: () => Promise<T>): Promise<T> {
    const token = randomBytes(12).toString('hex');
    for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
      if ((await this.client.set(this.keys.lock, token, 'PX', LOCK_MS, 'NX')) === 'OK') break;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    try {
      return await work();
    } finally {
      await (this.client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>).dedupeUnlock(this.keys.lock, token);
    }
  }

  async setLabels(labels: readonly IndexLabel[], done: readonly number[]): Promise<void> {
    for (let start = 0; start < Math.max(labels.length, done.length); start += PAGE) {
      const pipeline = this.client.pipeline() as unknown as Record<string, (...args: unknown[]) => unknown> & { exec(): Promise<[Error | null, unknown][] | null> };
      for (const label of labels.slice(start, start + PAGE)) pipeline.dedupeLabel(this.keys.unlabelled, this.base, label.seq, label.cluster ?? '', label.canonical ? '1' : '0');
      const finished = done.slice(start, start + PAGE);
      if (finished.length) pipeline.srem(this.keys.unlabelled, ...finished);
      for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
    }
  }

  private async lastSeq(): Promise<number> {
    return Number((await this.client.get(this.keys.seq)) ?? 0);
  }

  async *pairs(): AsyncIterable<readonly [number, number]> {
    const last = await this.lastSeq();
    for (let start = 1; start <= last; start += PAGE) {
      const seqs = Array.from({ length: Math.min(PAGE, last - start + 1) }, (_, i) => start + i);
      for (const [a, partners] of await this.neighbours(seqs)) {
        for (const b of partners.sort((x, y) => x - y)) if (a < b) yield [a, b] as const;
      }
    }
  }

  async *documents(): AsyncIterable<Omit<StoredDocument, SketchFields>> {
    const last = await this.lastSeq();
    for (let start = 1; start <= last; start += PAGE) {
      const seqs = Array.from({ length: Math.min(PAGE, last - start + 1) }, (_, i) => start + i);
      for (const [seq, doc] of await this.getDocuments(seqs)) {
        const { signature: _signature, figures: _figures, slots: _slots, lead: _lead, ...metadata } = doc;
        yield { ...metadata, seq };
      }
    }
  }

  async stats(): Promise<IndexStats> {
    const k = this.keys;
    const [documents, pairs, canonicals, duplicates, pending, unlabelled, info] = await Promise.all([
      this.client.hlen(k.ids),
      this.client.get(k.pairs),
      this.client.scard(k.canonicals),
      this.client.scard(k.duplicates),
      this.client.scard(k.pending),
      this.client.scard(k.unlabelled),
      this.client instanceof Redis ? this.client.info('memory') : Promise.resolve(''),
    ]);
    const used = /used_memory:(\d+)/.exec(info);
    return {
      target: this.target,
      params: await this.readParams(),
      documents,
      pairs: Number(pairs ?? 0),
      duplicateClusters: canonicals,
      duplicates,
      pending,
      unlabelled,
      bytes: used ? Number(used[1]) : null,
    };
  }

  async corpusLines(): Promise<StoredCorpusLines> {
    const lines = emptyCorpusLines();
    const fields = await this.client.hgetall(this.keys.lines);
    for (const [field, value] of Object.entries(fields)) {
      if (field === 'documents') lines.documents = Number(value);
      else if (field.startsWith('n:')) lines.counts.set(Number(field.slice(2)), Number(value));
      else if (field.startsWith('learnt:')) lines.learnt.add(Number(field.slice(7)));
    }
    return lines;
  }

  async addCorpusLines(update: CorpusLineUpdate): Promise<void> {
    // Increments, so runs of several workers add up; MULTI applies all of one run's or none.
    const multi = this.client.multi();
    multi.hincrby(this.keys.lines, 'documents', update.documents);
    for (const [hash, count] of update.counts) multi.hincrby(this.keys.lines, `n:${hash}`, count);
    for (const hash of update.learnt) multi.hset(this.keys.lines, `learnt:${hash}`, 1);
    for (const [error] of (await multi.exec()) ?? []) if (error) throw error;
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
