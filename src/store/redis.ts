/**
 * The shared index: Redis, for many `dedupe` processes on one or many machines. Inserting a
 * document (its id, sketch and LSH bucket entries) is one Lua script, so it is atomic: two
 * processes inserting copies at the same moment are serialised, and the later one finds the
 * earlier in its buckets. Every key carries the hash tag `{prefix}`, so in Redis Cluster an
 * index lives in one slot (which multi-key scripts need) and separate indexes spread over nodes.
 *
 * Keys (P = "{prefix}:"): P+params, P+ids (hash id -> seq), P+seq (counter), P+d:<seq> (hash:
 * metadata and sketch), P+b:<band>:<hash> (list of seqs), P+p:<seq> (set of verified partners),
 * P+npairs, P+pending, P+unlabelled, P+canonicals, P+duplicates (sets of seqs), P+lock.
 */

import { Redis, Cluster } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { FULL_PAIRING_LIMIT } from '../candidates.js';
import { encodeParams, sketchBytes, sketchValues } from './codec.js';
import {
  checkParams,
  IndexTargetError,
  type IndexLabel,
  type IndexParams,
  type IndexStats,
  type IndexStore,
  type InsertOutcome,
  type NewDocument,
  type StoredDocument,
} from './types.js';

const INSERT_SCRIPT = `
local base = ARGV[1]
local existing = redis.call('HGET', KEYS[1], ARGV[2])
if existing then
  return {0, tonumber(existing), redis.call('HGET', base .. 'd:' .. existing, 'hash')}
end
local seq = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[2], seq)
local limit = tonumber(ARGV[3])
local bands = tonumber(ARGV[4])
local out = {1, seq}
for band = 0, bands - 1 do
  local key = base .. 'b:' .. band .. ':' .. ARGV[5 + band]
  local members = redis.call('LRANGE', key, -limit, -1)
  for i = 1, #members do out[#out + 1] = tonumber(members[i]) end
  redis.call('RPUSH', key, seq)
end
local fields = {}
for i = 5 + bands, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', base .. 'd:' .. seq, unpack(fields))
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
local doc = base .. 'd:' .. seq
if ARGV[3] == '' then
  redis.call('HDEL', doc, 'cluster')
  redis.call('HSET', doc, 'canonical', '0')
else
  redis.call('HSET', doc, 'cluster', ARGV[3], 'canonical', ARGV[4])
end
if ARGV[4] == '1' then redis.call('SADD', base .. 'canonicals', seq) else redis.call('SREM', base .. 'canonicals', seq) end
if ARGV[3] ~= '' and ARGV[4] == '0' then redis.call('SADD', base .. 'duplicates', seq) else redis.call('SREM', base .. 'duplicates', seq) end
redis.call('SREM', base .. 'unlabelled', seq)
return 1
`;

const UNLOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

const METADATA_FIELDS = ['id', 'hash', 'path', 'title', 'url', 'date', 'time', 'cleanChars', 'debris', 'shingles', 'tokens', 'cluster', 'canonical'] as const;
const PAGE = 2_000;
const LOCK_MS = 120_000;

type Client = Redis | Cluster;

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
      ids: k('ids'),
      seq: k('seq'),
      pairs: k('npairs'),
      pending: k('pending'),
      unlabelled: k('unlabelled'),
      canonicals: k('canonicals'),
      duplicates: k('duplicates'),
      lock: k('lock'),
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
    client.on('error', () => {
      // Connection errors surface as rejected commands; the default handler would only log them.
    });
    try {
      await client.connect();
      await client.ping();
    } catch (error) {
      client.disconnect();
      throw new Error(`cannot reach Redis at ${shown}: ${(error as Error).message}`);
    }
    return new RedisStore(shown, client, prefix);
  }

  private doc(seq: number | string): string {
    return `${this.base}d:${seq}`;
  }

  async readParams(): Promise<IndexParams | null> {
    const value = await this.client.get(this.keys.params);
    return value === null ? null : (JSON.parse(value) as IndexParams);
  }

  async ensureParams(params: IndexParams): Promise<void> {
    await this.client.set(this.keys.params, encodeParams(params), 'NX');
    checkParams(this.target, (await this.readParams())!, params);
  }

  async documentCount(): Promise<number> {
    return this.client.hlen(this.keys.ids);
  }

  async lookup(ids: readonly string[]): Promise<Map<string, { seq: number; hash: string }>> {
    const out = new Map<string, { seq: number; hash: string }>();
    if (ids.length === 0) return out;
    const seqs = await this.client.hmget(this.keys.ids, ...ids);
    const found = ids.map((id, i) => [id, seqs[i]] as const).filter(([, seq]) => seq !== null);
    const pipeline = this.client.pipeline();
    for (const [, seq] of found) pipeline.hget(this.doc(seq!), 'hash');
    const hashes = (await pipeline.exec()) ?? [];
    found.forEach(([id, seq], i) => out.set(id, { seq: Number(seq), hash: String(hashes[i][1]) }));
    return out;
  }

  async insert(documents: readonly NewDocument[], bandHashes: readonly Uint32Array[]): Promise<InsertOutcome[]> {
    const pipeline = this.client.pipeline();
    documents.forEach((doc, i) => {
      const fields: (string | Buffer)[] = [];
      const put = (name: string, value: string | number | undefined) => {
        if (value !== undefined) fields.push(name, String(value));
      };
      put('id', doc.id);
      put('hash', doc.hash);
      put('path', doc.path);
      put('title', doc.title);
      put('url', doc.url);
      put('date', doc.date);
      put('time', doc.time);
      put('cleanChars', doc.cleanChars);
      put('debris', doc.debris);
      put('shingles', doc.shingles);
      put('tokens', doc.tokens);
      put('canonical', 0);
      fields.push('signature', sketchBytes(doc.signature), 'figures', sketchBytes(doc.figures));
      const hashes = Array.from(bandHashes[i], String);
      (pipeline as unknown as Record<string, (...args: unknown[]) => void>).dedupeInsert(
        this.keys.ids, this.keys.seq, this.keys.pending, this.base, doc.id, FULL_PAIRING_LIMIT, hashes.length, ...hashes, ...fields,
      );
    });
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, value]): InsertOutcome => {
      if (error) throw error;
      const reply = value as (number | string)[];
      if (reply[0] === 0) return { inserted: false, seq: Number(reply[1]), hash: String(reply[2]) };
      const seq = Number(reply[1]);
      return { inserted: true, seq, candidates: [...new Set(reply.slice(2).map(Number))] };
    });
  }

  async candidates(bandHashes: readonly Uint32Array[]): Promise<number[][]> {
    const pipeline = this.client.pipeline();
    for (const hashes of bandHashes) {
      for (let band = 0; band < hashes.length; band++) pipeline.lrange(`${this.base}b:${band}:${hashes[band]}`, -FULL_PAIRING_LIMIT, -1);
    }
    const results = (await pipeline.exec()) ?? [];
    let next = 0;
    return bandHashes.map((hashes) => {
      const found = new Set<number>();
      for (let band = 0; band < hashes.length; band++) {
        const [error, members] = results[next++];
        if (error) throw error;
        for (const seq of members as string[]) found.add(Number(seq));
      }
      return [...found];
    });
  }

  async getDocuments(seqs: readonly number[]): Promise<Map<number, StoredDocument>> {
    const out = new Map<number, StoredDocument>();
    if (seqs.length === 0) return out;
    const pipeline = this.client.pipeline();
    for (const seq of seqs) pipeline.hgetallBuffer(this.doc(seq));
    const results = (await pipeline.exec()) ?? [];
    seqs.forEach((seq, i) => {
      const [error, value] = results[i];
      if (error) throw error;
      const fields = value as Record<string, Buffer>;
      if (!fields.id) return;
      out.set(seq, { ...this.metadata(seq, (name) => fields[name]?.toString()), signature: sketchValues(fields.signature), figures: sketchValues(fields.figures) });
    });
    return out;
  }

  private metadata(seq: number, field: (name: string) => string | undefined): Omit<StoredDocument, 'signature' | 'figures'> {
    const time = field('time');
    return {
      seq,
      id: field('id')!,
      hash: field('hash')!,
      path: field('path')!,
      title: field('title'),
      url: field('url'),
      date: field('date'),
      time: time === undefined ? undefined : Number(time),
      cleanChars: Number(field('cleanChars')),
      debris: Number(field('debris')),
      shingles: Number(field('shingles')),
      tokens: Number(field('tokens')),
      cluster: field('cluster') ?? null,
      canonical: field('canonical') === '1',
    };
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

  async setLabels(labels: readonly IndexLabel[]): Promise<void> {
    for (let start = 0; start < labels.length; start += PAGE) {
      const pipeline = this.client.pipeline() as unknown as Record<string, (...args: unknown[]) => unknown> & { exec(): Promise<[Error | null, unknown][] | null> };
      for (const label of labels.slice(start, start + PAGE)) pipeline.dedupeLabel(this.keys.unlabelled, this.base, label.seq, label.cluster ?? '', label.canonical ? '1' : '0');
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

  async *documents(): AsyncIterable<Omit<StoredDocument, 'signature' | 'figures'>> {
    const last = await this.lastSeq();
    for (let start = 1; start <= last; start += PAGE) {
      const pipeline = this.client.pipeline();
      const seqs = Array.from({ length: Math.min(PAGE, last - start + 1) }, (_, i) => start + i);
      for (const seq of seqs) pipeline.hmget(this.doc(seq), ...METADATA_FIELDS);
      const results = (await pipeline.exec()) ?? [];
      for (let i = 0; i < seqs.length; i++) {
        const values = results[i][1] as (string | null)[];
        if (values[0] === null) continue;
        yield this.metadata(seqs[i], (name) => values[METADATA_FIELDS.indexOf(name as (typeof METADATA_FIELDS)[number])] ?? undefined);
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

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
