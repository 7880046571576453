/**
 * The shared index: Redis or Redis Cluster, for many `dedupe` processes on one or many machines.
 * Its keys are spread over many hash tags, so in a cluster an index's memory and work spread over
 * every primary, and each Lua script touches the keys of one tag only (one slot):
 *
 * - `{P}:params`, `{P}:format`, `{P}:metadata` (what records keep: RedisMetadata), `{P}:seq`
 *   (counter), `{P}:lock`, `{P}:lines` (hash: "documents" ->
 *   documents counted, "n:<line hash>" -> documents holding the line, "learnt:<line hash>" -> 1
 *   for a learnt line): one tag for the index's settings and corpus lines;
 * - `{P/i<k>}`: ids, a hash per shard k (of ID_SHARDS, by the id's hash): id -> content hash (10
 *   bytes) and seq (4 bytes);
 * - `{P/r<n>}:...`: the documents of seq range n (DOC_RANGE seqs): `:d` (hash: seq -> record, in
 *   the binary encoding of codec.ts),
 *   `:pending`, `:unlabelled`, `:canonicals`, `:duplicates` (sets of seqs), `:cluster` (hash:
 *   seq -> canonical id), `:npairs` (pairs whose smaller seq is in the range), `:p<seq>` (set of
 *   verified partners);
 * - `{P/b<band>.<t>}<k>`: LSH buckets, a string per band and 12 high bits of the band hash (t the
 *   top 4 of them, the tag; k the next 8): 6-byte entries, the low 16 bits of a band hash and a
 *   seq, sorted by those bits (BUCKET_SCRIPT).
 *
 * Inserting a document takes four steps, each idempotent, so that concurrent workers lose nothing
 * and add nothing twice and a worker killed between any two leaves a state the next run finishes
 * (docs/scale-out.md gives the argument): (1) a seq from the counter, and the record stored with
 * the seq marked pending; (2) the id claimed (HSETNX); a record whose id another seq holds is
 * dropped; (3) one append per band bucket, each returning the seqs before it in that bucket (its
 * candidates); (4) once its pairs are verified and stored, the seq moves from pending to
 * unlabelled. The next run's `pending()` claims and appends again for every pending record.
 */

import { Redis, Cluster } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { FULL_PAIRING_LIMIT } from '../match/candidates.js';
import { decodeRecord, encodeParams, encodeRecord, MINIMAL_RECORD_FIELDS, type IndexRecord } from './codec.js';
import { emptyCorpusLines, type CorpusLineUpdate, type StoredCorpusLines } from '../engine/corpus-lines.js';
import { INDEX_FORMAT, checkParams, documentBandHashes, IndexTargetError, readStoredParams, type IndexLabel, type IndexParams, type IndexStats, type IndexStore, type InsertOutcome, type NewDocument, type SketchFields, type StoredDocument } from './store.js';

/**
 * The Redis key layout on top of the stored-sketch format: an index of another layout (the one
 * tag of earlier versions) is refused like one of another format.
 */
export const REDIS_INDEX_FORMAT = `${INDEX_FORMAT} redis-sharded/2`;

/** Seqs per document range: one hash tag holds a range's records, states, labels and pairs. */
const DOC_RANGE = 1024;
/**
 * Id shards: at up to about 2 million documents each shard holds under 128 ids, so Redis keeps it
 * as a compact listpack (hash-max-listpack-entries) rather than a hash table.
 */
const ID_SHARDS = 16384;
/**
 * A band hash is split into a bucket tag (its top TAG_BITS), a key within the tag (the next
 * KEY_BITS) and a residual (the low 16 bits): each key is one string of 6-byte entries, the
 * residual and a seq, sorted by residual and in the order they were added within one. 4,096 keys
 * per band hold about 240 entries each at a million documents (1.4 KB), so a key's overhead
 * (about 100 bytes) is spread over many entries; the string is rewritten whole on each append,
 * so far larger indexes need more keys (docs/scale-out.md, "A billion documents").
 */
export const TAG_BITS = 4;
export const KEY_BITS = 8;
const TAGS_PER_BAND = 2 ** TAG_BITS;
const KEYS_PER_TAG = 2 ** KEY_BITS;
/** Bytes of one entry of a bucket key: residual (2) and seq (4). */
const BUCKET_ENTRY_BYTES = 6;
/** A bucket entry sent to the script: key within the tag (2 bytes), residual (2) and seq (4). */
const ENTRY_BYTES = 8;

/** Stores records and marks them pending, in one range. KEYS: records, pending; ARGV: seq, record, seq, record, ... */
const STORE_SCRIPT = `
for i = 1, #ARGV, 2 do
  redis.call('SADD', KEYS[2], ARGV[i])
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
return 1
`;

/** Drops records whose id another seq holds. KEYS: records, pending; ARGV: seqs. */
const DROP_SCRIPT = `
redis.call('HDEL', KEYS[1], unpack(ARGV))
redis.call('SREM', KEYS[2], unpack(ARGV))
return 1
`;

/**
 * Bucket entries of one tag. KEYS[1]: the tag, which begins the name of each of its keys (one
 * declared key, so that a client routes the script by it); ARGV: limit, append ('1' or '0'), and
 * the entries packed: per entry, a key within the tag (2 bytes), a residual (2) and a seq (4).
 * A key's string holds 6-byte entries (residual, seq) sorted by residual; the entries of one
 * residual are one bucket, in the order they were added. With append, the seq is added at the end
 * of its bucket unless it is there already, and the reply lists, per entry, how many seqs precede
 * it in the bucket (at most limit) and those seqs; without, the last limit seqs of the bucket.
 */
const BUCKET_SCRIPT = `
local limit = tonumber(ARGV[1])
local append = ARGV[2] == '1'
local out = {}
for at = 1, #ARGV[3], ${ENTRY_BYTES} do
  local k, residual, seq = struct.unpack('<HHI4', ARGV[3], at)
  local key = KEYS[1] .. k
  local value = redis.call('GET', key) or ''
  -- The first entry whose residual is not below this one (binary search).
  local low, high = 0, #value / ${BUCKET_ENTRY_BYTES}
  while low < high do
    local middle = math.floor((low + high) / 2)
    if struct.unpack('<H', value, middle * ${BUCKET_ENTRY_BYTES} + 1) < residual then low = middle + 1 else high = middle end
  end
  local members = {}
  local j = low * ${BUCKET_ENTRY_BYTES} + 1
  while j < #value do
    local r, s = struct.unpack('<HI4', value, j)
    if r ~= residual then break end
    members[#members + 1] = s
    j = j + ${BUCKET_ENTRY_BYTES}
  end
  local before = #members
  if append then
    for m = 1, #members do
      if members[m] == seq then before = m - 1; break end
    end
    if before == #members then
      -- SET, not APPEND: a string SET is allocated to its size, one APPEND grows ahead of it.
      redis.call('SET', key, string.sub(value, 1, j - 1) .. struct.pack('<HI4', residual, seq) .. string.sub(value, j))
    end
  end
  local first = math.max(1, before - limit + 1)
  out[#out + 1] = before - first + 1
  for m = first, before do out[#out + 1] = members[m] end
end
return out
`;

/** One side of a verified pair: KEYS: the partners of a, the counter of a's range; ARGV: b, '1' to count it. */
const PAIR_SCRIPT = `
local added = redis.call('SADD', KEYS[1], ARGV[1])
if added == 1 and ARGV[2] == '1' then redis.call('INCR', KEYS[2]) end
return added
`;

/** Pairs complete: KEYS: pending, unlabelled; ARGV: seqs. */
const COMPLETE_SCRIPT = `
redis.call('SREM', KEYS[1], unpack(ARGV))
redis.call('SADD', KEYS[2], unpack(ARGV))
return 1
`;

/** Labels of one range. KEYS: pending, cluster, canonicals, duplicates, unlabelled; ARGV: seq, cluster id or '', '1' for a canonical, ... */
const LABEL_SCRIPT = `
for i = 1, #ARGV, 3 do
  local seq = ARGV[i]
  if redis.call('SISMEMBER', KEYS[1], seq) == 0 then
    local cluster = ARGV[i + 1]
    local canonical = ARGV[i + 2] == '1'
    if cluster == '' then redis.call('HDEL', KEYS[2], seq) else redis.call('HSET', KEYS[2], seq, cluster) end
    if canonical then redis.call('SADD', KEYS[3], seq) else redis.call('SREM', KEYS[3], seq) end
    if cluster ~= '' and not canonical then redis.call('SADD', KEYS[4], seq) else redis.call('SREM', KEYS[4], seq) end
    redis.call('SREM', KEYS[5], seq)
  end
end
return 1
`;

const UNLOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

const PAGE = 2_000;
const LOCK_MS = 120_000;
const REPLICATION_TIMEOUT_MS = 10_000;

export type Client = Redis | Cluster;

/** An entry of the ids hash: the content hash's 10 bytes, then the seq as 4 bytes (a short string stays in the listpack). */
function idEntry(seq: number, hash: string): Buffer {
  const entry = Buffer.alloc(14);
  entry.write(hash, 0, 'hex');
  entry.writeUInt32LE(seq, 10);
  return entry;
}

function parseIdEntry(entry: Buffer): { seq: number; hash: string } {
  return { seq: entry.readUInt32LE(10), hash: entry.toString('hex', 0, 10) };
}

/** FNV-1a of the id's UTF-8 bytes: its shard, the same in every worker. */
function idShard(id: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(id)) h = Math.imul(h ^ byte, 0x01000193);
  return (h >>> 0) % ID_SHARDS;
}

/** Groups items by a key, keeping their order within each group. */
function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** A Redis target's connection settings; `shown` is the target with its password masked. */
export interface RedisTarget {
  cluster: boolean;
  tls: boolean;
  nodes: { host: string; port: number }[];
  username?: string;
  password?: string;
  db: number;
  prefix: string;
  /** Replicas of each primary that must hold each write step before the next (0: none). */
  replicas: number;
  /** What a record keeps of a document's metadata (see RedisMetadata); undefined: as the index keeps it, else full. */
  metadata?: RedisMetadata;
  shown: string;
}

/**
 * What each record keeps besides the sketch: `full` (every field, as SQLite) or `minimal` (the
 * id, content hash, path, time and sizes that matching and the canonical choice read; no title,
 * URL, date, file or line, which reports and the export then show as null). Chosen when the index
 * is created (`&metadata=minimal`) and kept with it.
 */
export type RedisMetadata = 'full' | 'minimal';
const METADATA_CHOICES: readonly RedisMetadata[] = ['full', 'minimal'];

/** The target with the password of its user part masked, whether or not the rest parses. */
export function maskPassword(target: string): string {
  return target.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)(.*)@/i, '$1***@');
}

/**
 * `redis://[user:pass@]host:port/db?prefix=name` (one server, or a seed of a cluster with
 * `&cluster=1`) or `redis+cluster://[user:pass@]host:port[,host:port...]/?prefix=name`;
 * `rediss` for TLS.
 */
export function parseRedisTarget(target: string): RedisTarget {
  const shown = maskPassword(target);
  const scheme = /^(rediss?)(\+cluster)?:\/\//i.exec(target);
  if (!scheme) throw new IndexTargetError(`cannot parse the Redis URL ${shown}: it must start with redis://, rediss://, redis+cluster:// or rediss+cluster://`);
  // The user part may not hold "/" or "?" (the URL form percent-encodes them), so the hosts end at the first of them.
  const rest = target.slice(scheme[0].length);
  const end = rest.search(/[/?]/) === -1 ? rest.length : rest.search(/[/?]/);
  const at = rest.lastIndexOf('@', end - 1);
  const userinfo = at >= 0 ? rest.slice(0, at) : '';
  const hosts = rest.slice(at + 1, end).split(',');
  let parsed: URL;
  try {
    // Each host is checked by the URL parser (ports 0-65535); the path and query come from the first.
    for (const host of hosts) new URL(`redis://${host}`);
    parsed = new URL(`redis://${at >= 0 ? userinfo + '@' : ''}${hosts[0]}${rest.slice(end)}`);
  } catch {
    throw new IndexTargetError(`cannot parse the Redis URL ${shown}: give ${scheme[2] ? 'host:port[,host:port...]' : 'host:port'} with a port from 1 to 65535`);
  }
  const nodes = hosts.map((host) => {
    const url = new URL(`redis://${host}`);
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 6379) };
  });
  if (nodes.some((node) => node.host === '')) throw new IndexTargetError(`cannot parse the Redis URL ${shown}: a host is missing`);
  const prefix = parsed.searchParams.get('prefix') ?? 'dedupe';
  if (!/^[\w.:-]+$/.test(prefix)) throw new IndexTargetError(`Redis prefix "${prefix}" may hold only letters, digits, _ . : -`);
  const cluster = Boolean(scheme[2]) || ['1', 'true', 'yes'].includes(parsed.searchParams.get('cluster') ?? '');
  const dbText = parsed.pathname.replace(/^\//, '');
  if (!/^\d*$/.test(dbText)) throw new IndexTargetError(`Redis database "${dbText}" in ${shown} is not a number: give /0, /1, ...`);
  const db = Number(dbText || 0);
  if (cluster && db !== 0) throw new IndexTargetError(`Redis database ${db} in ${shown}: a Redis Cluster has database 0 only`);
  const replicas = Number(parsed.searchParams.get('replicas') ?? 0);
  if (!Number.isInteger(replicas) || replicas < 0) throw new IndexTargetError(`replicas=${parsed.searchParams.get('replicas')} in ${shown}: give the number of replicas each write must reach, 0 or more`);
  const metadata = parsed.searchParams.get('metadata') ?? undefined;
  if (metadata !== undefined && !METADATA_CHOICES.includes(metadata as RedisMetadata)) throw new IndexTargetError(`metadata=${metadata} in ${shown}: give metadata=full or metadata=minimal`);
  return {
    cluster,
    replicas,
    metadata: metadata as RedisMetadata | undefined,
    tls: scheme[1].toLowerCase() === 'rediss',
    nodes,
    username: decodeURIComponent(parsed.username) || undefined,
    password: decodeURIComponent(parsed.password) || undefined,
    db,
    prefix,
    shown,
  };
}

/** The last reply of a client's connection attempt, for the message when it fails. */
function connectionError(client: Client): () => Error | undefined {
  let lastError: Error | undefined;
  client.on('error', (error: Error) => {
    lastError = error;
  });
  return () => lastError;
}

export async function connect(settings: RedisTarget): Promise<Client> {
  const auth = { username: settings.username, password: settings.password, tls: settings.tls ? {} : undefined };
  // Commands are sent as they are issued and grouped per server connection: the store issues a
  // batch's commands for every tag at once, and a cluster takes each to the primary of its slot.
  const client: Client = settings.cluster
    ? new Cluster(settings.nodes, { lazyConnect: true, enableAutoPipelining: true, redisOptions: { ...auth, maxRetriesPerRequest: 2 }, clusterRetryStrategy: (times) => (times > 3 ? null : 200 * times) })
    : new Redis({ ...settings.nodes[0], ...auth, lazyConnect: true, maxRetriesPerRequest: 2, enableAutoPipelining: true, retryStrategy: () => null });
  const lastError = connectionError(client);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new Error(`cannot reach Redis at ${settings.shown}: ${(lastError() ?? (error as Error)).message}`);
  }
  if (settings.db !== 0) {
    try {
      await (client as Redis).select(settings.db);
    } catch (error) {
      client.disconnect();
      throw new IndexTargetError(`Redis database ${settings.db} of ${settings.shown} cannot be used: ${(error as Error).message} (the server's databases are numbered from 0 to its "databases" setting less one)`);
    }
  }
  return client;
}

/** The commands the store defines as Lua scripts. */
interface Scripts {
  dedupeStore(records: string, pending: string, ...args: (string | number | Buffer)[]): Promise<number>;
  dedupeDrop(records: string, pending: string, ...seqs: number[]): Promise<number>;
  dedupeBuckets(tag: string, limit: number, append: '0' | '1', entries: Buffer): Promise<number[]>;
  dedupePair(partners: string, counter: string, other: number, count: '0' | '1'): Promise<number>;
  dedupeComplete(pending: string, unlabelled: string, ...seqs: number[]): Promise<number>;
  dedupeLabel(pending: string, cluster: string, canonicals: string, duplicates: string, unlabelled: string, ...args: (string | number)[]): Promise<number>;
  dedupeUnlock(lock: string, token: string): Promise<number>;
}

export class RedisStore implements IndexStore {
  readonly target: string;
  readonly client: Client;
  private readonly scripts: Scripts;
  private readonly prefix: string;
  private readonly keys;

  /** What this index's records keep (stored with it), once its parameters are read. */
  private metadata: RedisMetadata = 'full';

  private constructor(
    target: string,
    client: Client,
    prefix: string,
    private readonly replicas: number,
    /** What the URL asks records to keep, if it says. */
    private readonly wantedMetadata: RedisMetadata | undefined,
  ) {
    this.target = target;
    this.client = client;
    this.prefix = prefix;
    const k = (name: string) => `{${prefix}}:${name}`;
    this.keys = { params: k('params'), format: k('format'), metadata: k('metadata'), seq: k('seq'), lock: k('lock'), lines: k('lines') };
    client.defineCommand('dedupeStore', { numberOfKeys: 2, lua: STORE_SCRIPT });
    client.defineCommand('dedupeDrop', { numberOfKeys: 2, lua: DROP_SCRIPT });
    client.defineCommand('dedupeBuckets', { numberOfKeys: 1, lua: BUCKET_SCRIPT });
    client.defineCommand('dedupePair', { numberOfKeys: 2, lua: PAIR_SCRIPT });
    client.defineCommand('dedupeComplete', { numberOfKeys: 2, lua: COMPLETE_SCRIPT });
    client.defineCommand('dedupeLabel', { numberOfKeys: 5, lua: LABEL_SCRIPT });
    client.defineCommand('dedupeUnlock', { numberOfKeys: 1, lua: UNLOCK_SCRIPT });
    this.scripts = client as unknown as Scripts;
  }

  static async open(target: string): Promise<RedisStore> {
    const settings = parseRedisTarget(target);
    return new RedisStore(settings.shown, await connect(settings), settings.prefix, settings.replicas, settings.metadata);
  }

  /**
   * With replicas=N, waits until N replicas of every primary hold this connection's writes so far
   * (WAIT): a step is complete only once a failover cannot lose it, and the next step, which
   * relies on it, starts after.
   */
  private async replicated(): Promise<void> {
    if (this.replicas === 0) return;
    const primaries = this.client instanceof Cluster ? this.client.nodes('master') : [this.client];
    await Promise.all(
      primaries.map(async (primary) => {
        const acknowledged = await primary.wait(this.replicas, REPLICATION_TIMEOUT_MS);
        if (acknowledged < this.replicas) {
          throw new Error(`Redis at ${primary.options.host}:${primary.options.port} had its writes acknowledged by ${acknowledged} of ${this.replicas} replicas within ${REPLICATION_TIMEOUT_MS / 1000} s (replicas=${this.replicas} in ${this.target}); run again once its replicas are back`);
        }
      }),
    );
  }

  /** The key of one of a seq range's structures. */
  private range(seq: number, name: string): string {
    return `{${this.prefix}/r${Math.floor((seq - 1) / DOC_RANGE)}}:${name}`;
  }

  private partners(seq: number): string {
    return this.range(seq, `p${seq}`);
  }

  private idKey(id: string): string {
    return `{${this.prefix}/i${idShard(id)}}`;
  }

  private bucketTag(tag: number): string {
    return bandTagName(this.prefix, 'b', tag);
  }

  /** Runs `work` once per seq range among `seqs`, with that range's seqs, in parallel. */
  private async perRange<T>(seqs: readonly number[], work: (seqs: number[], first: number) => Promise<T>): Promise<T[]> {
    const groups = groupBy(seqs, (seq) => this.range(seq, ''));
    return Promise.all([...groups.values()].map((group) => work(group, group[0])));
  }

  /** The first seq of every range up to the last seq given out. */
  private async everyRange(): Promise<number[]> {
    const last = await this.lastSeq();
    return Array.from({ length: Math.ceil(last / DOC_RANGE) }, (_, i) => i * DOC_RANGE + 1);
  }

  private params?: IndexParams;

  private async storedParams(): Promise<IndexParams> {
    this.params ??= (await this.readParams()) ?? undefined;
    if (!this.params) throw new IndexTargetError(`index ${this.target} holds no parameters`);
    return this.params;
  }

  /** The index's parameters (null for an empty index); refuses an index of another format. */
  async readParams(): Promise<IndexParams | null> {
    const [value, format, metadata] = await this.client.mget(this.keys.params, this.keys.format, this.keys.metadata);
    if (value === null) return null;
    if (format?.startsWith('dedupe-membership/')) {
      throw new IndexTargetError(`index ${this.target} is a membership index (format ${format}): it keeps band hashes only, which \`dedupe filter\` reads; it holds no documents to cluster, export or compare`);
    }
    if (format !== REDIS_INDEX_FORMAT) {
      throw new IndexTargetError(`index ${this.target} was written by another version of dedupe (format ${format ?? `older than ${INDEX_FORMAT}`}; this version reads ${REDIS_INDEX_FORMAT}): build a new index`);
    }
    this.metadata = metadata === 'minimal' ? 'minimal' : 'full';
    if (this.wantedMetadata && this.wantedMetadata !== this.metadata) {
      throw new IndexTargetError(`index ${this.target} keeps metadata=${this.metadata} in its records; metadata=${this.wantedMetadata} is chosen when an index is created: leave it out of the URL or give metadata=${this.metadata}`);
    }
    return readStoredParams(value);
  }

  async ensureParams(params: IndexParams): Promise<void> {
    // The format is recorded only with new params, never added to an index of an older format.
    if ((await this.readParams()) === null) {
      await this.client
        .multi()
        .set(this.keys.format, REDIS_INDEX_FORMAT, 'NX')
        .set(this.keys.metadata, this.wantedMetadata ?? 'full', 'NX')
        .set(this.keys.params, encodeParams(params), 'NX')
        .exec();
      await this.replicated();
    }
    checkParams(this.target, (await this.readParams())!, params);
  }

  async documentCount(): Promise<number> {
    const counts = await Promise.all((await this.everyRange()).map((first) => this.client.hlen(this.range(first, 'd'))));
    return counts.reduce((a, b) => a + b, 0);
  }

  async lookup(ids: readonly string[]): Promise<Map<string, { seq: number; hash: string }>> {
    const values = await Promise.all(ids.map((id) => this.client.hgetBuffer(this.idKey(id), id)));
    return new Map(ids.flatMap((id, i) => (values[i] === null ? [] : [[id, parseIdEntry(values[i]!)] as const])));
  }

  async insert(documents: readonly NewDocument[], bandHashes: readonly Uint32Array[]): Promise<InsertOutcome[]> {
    if (documents.length === 0) return [];
    await this.storedParams();
    const fields = this.metadata === 'minimal' ? MINIMAL_RECORD_FIELDS : undefined;
    const last = await this.client.incrby(this.keys.seq, documents.length);
    // A seq given out twice would let two records overwrite each other.
    await this.replicated();
    const seqs = documents.map((_, i) => last - documents.length + 1 + i);
    await this.perRange(seqs, (group, first) =>
      this.scripts.dedupeStore(this.range(first, 'd'), this.range(first, 'pending'), ...group.flatMap((seq) => [seq, encodeRecord(documents[seq - seqs[0]], fields)])),
    );
    await this.replicated();
    const claims = await this.claim(documents.map((doc, i) => ({ id: doc.id, seq: seqs[i], hash: doc.hash })));
    const candidates = await this.appendBuckets(seqs.filter((_, i) => claims[i] === null), bandHashes.filter((_, i) => claims[i] === null));
    let next = 0;
    return documents.map((_, i): InsertOutcome => {
      const holder = claims[i];
      return holder ? { inserted: false, ...holder } : { inserted: true, seq: seqs[i], candidates: candidates[next++] };
    });
  }

  /**
   * Claims each record's id for its seq. Returns, per record, null where the id is its own (now
   * or already: a resumed claim), or the entry of the seq that holds it, whose record is dropped.
   */
  private async claim(records: readonly { id: string; seq: number; hash: string }[]): Promise<({ seq: number; hash: string } | null)[]> {
    const outcomes = await Promise.all(
      records.map(async ({ id, seq, hash }) => {
        const entry = idEntry(seq, hash);
        if ((await this.client.hsetnx(this.idKey(id), id, entry)) === 1) return null;
        // Ids are never removed or changed, so the entry read now is the one that won.
        const held = (await this.client.hgetBuffer(this.idKey(id), id))!;
        return held.equals(entry) ? null : parseIdEntry(held);
      }),
    );
    await this.replicated();
    const dropped = records.filter((_, i) => outcomes[i] !== null).map((r) => r.seq);
    await this.perRange(dropped, (group, first) => this.scripts.dedupeDrop(this.range(first, 'd'), this.range(first, 'pending'), ...group));
    return outcomes;
  }

  /**
   * Appends each seq to its band buckets (or only reads them, for seq 0): one script per bucket
   * tag, its entries packed in one string (ENTRY_BYTES each) rather than as three arguments.
   * The top TAG_BITS + KEY_BITS bits of a band hash pick its key, and the low 16 its bucket there:
   * 28 of its 32 bits, so two band hashes share a bucket by chance once in 2^28 pairs, and
   * verification sorts such a candidate out.
   */
  private async bucketEntries(seqs: readonly number[], bandHashes: readonly Uint32Array[], append: boolean): Promise<number[][]> {
    const found: Set<number>[] = seqs.map(() => new Set());
    await Promise.all(
      [...byBandTag(bandHashes)].map(async ([tag, { docs, hashes }]) => {
        const packed = Buffer.allocUnsafe(docs.length * ENTRY_BYTES);
        docs.forEach((doc, i) => {
          packed.writeUInt16LE((hashes[i] >>> 16) & (KEYS_PER_TAG - 1), i * ENTRY_BYTES);
          packed.writeUInt16LE(hashes[i] & 0xffff, i * ENTRY_BYTES + 2);
          packed.writeUInt32LE(seqs[doc], i * ENTRY_BYTES + 4);
        });
        const reply = await this.scripts.dedupeBuckets(this.bucketTag(tag), FULL_PAIRING_LIMIT, append ? '1' : '0', packed);
        let at = 0;
        for (const doc of docs) {
          const count = reply[at++];
          for (let j = 0; j < count; j++) found[doc].add(reply[at++]);
        }
      }),
    );
    return found.map((set, i) => [...set].filter((seq) => seq !== seqs[i]));
  }

  private async appendBuckets(seqs: readonly number[], bandHashes: readonly Uint32Array[]): Promise<number[][]> {
    const candidates = await this.bucketEntries(seqs, bandHashes, true);
    await this.replicated();
    return candidates;
  }

  async candidates(bandHashes: readonly Uint32Array[]): Promise<number[][]> {
    return this.bucketEntries(bandHashes.map(() => 0), bandHashes, false);
  }

  /** Records of these seqs (missing ones left out), decoded. */
  private async records(seqs: readonly number[]): Promise<Map<number, IndexRecord>> {
    const out = new Map<number, IndexRecord>();
    await this.perRange(seqs, async (group, first) => {
      const values = await this.client.hmgetBuffer(this.range(first, 'd'), ...group.map(String));
      group.forEach((seq, i) => {
        if (values[i]) out.set(seq, decodeRecord(values[i]!));
      });
    });
    return out;
  }

  async getDocuments(seqs: readonly number[]): Promise<Map<number, StoredDocument>> {
    const out = new Map<number, StoredDocument>();
    if (seqs.length === 0) return out;
    const records = await this.records(seqs);
    await this.perRange(seqs, async (group, first) => {
      const [clusters, canonicals] = await Promise.all([
        this.client.hmget(this.range(first, 'cluster'), ...group.map(String)),
        this.client.smismember(this.range(first, 'canonicals'), ...group.map(String)),
      ]);
      group.forEach((seq, i) => {
        const record = records.get(seq);
        if (!record) return;
        out.set(seq, { ...record, seq, cluster: clusters[i], canonical: canonicals[i] === 1 });
      });
    });
    // In the order asked for, as the seqs' order is the documents' order in an export.
    return new Map(seqs.filter((seq) => out.has(seq)).map((seq) => [seq, out.get(seq)!]));
  }

  async complete(pairs: readonly (readonly [number, number])[], seqs: readonly number[]): Promise<void> {
    // Both sides of every pair first; only then the documents leave pending, so a worker that
    // dies in between leaves them pending and the next run stores their pairs again (SADD).
    await Promise.all(
      pairs.flatMap(([a, b]) => {
        const [low, high] = a < b ? [a, b] : [b, a];
        return [this.scripts.dedupePair(this.partners(low), this.range(low, 'npairs'), high, '1'), this.scripts.dedupePair(this.partners(high), this.range(high, 'npairs'), low, '0')];
      }),
    );
    await this.replicated();
    await this.perRange(seqs, (group, first) => this.scripts.dedupeComplete(this.range(first, 'pending'), this.range(first, 'unlabelled'), ...group));
    await this.replicated();
  }

  /**
   * Documents inserted by a run that stopped before verifying their pairs. Their inserts are
   * finished first: each record's id is claimed (or found to be its own), its bucket entries
   * appended where missing, and a record whose id another seq holds is dropped. A record of a
   * worker still running is finished the same way, which changes nothing that worker does.
   */
  async pending(): Promise<number[]> {
    const seqs = await this.membersOfEveryRange('pending');
    if (seqs.length === 0) return [];
    const records = await this.records(seqs);
    // A seq marked pending without a record was dropped between its two steps: unmark it.
    const orphans = seqs.filter((seq) => !records.has(seq));
    await this.perRange(orphans, (group, first) => this.scripts.dedupeDrop(this.range(first, 'd'), this.range(first, 'pending'), ...group));
    const found = seqs.filter((seq) => records.has(seq));
    const claims = await this.claim(found.map((seq) => ({ seq, id: records.get(seq)!.id, hash: records.get(seq)!.hash })));
    const kept = found.filter((_, i) => claims[i] === null);
    const { bands, rows } = await this.storedParams();
    await this.appendBuckets(kept, kept.map((seq) => documentBandHashes(records.get(seq)!, bands, rows)));
    return kept;
  }

  /** The members of one set of every range, as sorted seqs. */
  private async membersOfEveryRange(name: string): Promise<number[]> {
    const sets = await Promise.all((await this.everyRange()).map((first) => this.client.smembers(this.range(first, name))));
    return sets.flat().map(Number).sort((a, b) => a - b);
  }

  async unlabelled(): Promise<number[]> {
    return this.membersOfEveryRange('unlabelled');
  }

  async neighbours(seqs: readonly number[]): Promise<Map<number, number[]>> {
    const partners = await Promise.all(seqs.map((seq) => this.client.smembers(this.partners(seq))));
    return new Map(seqs.map((seq, i) => [seq, partners[i].map(Number)]));
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
      await this.scripts.dedupeUnlock(this.keys.lock, token);
    }
  }

  async setLabels(labels: readonly IndexLabel[], done: readonly number[]): Promise<void> {
    for (let start = 0; start < Math.max(labels.length, done.length); start += PAGE) {
      const page = labels.slice(start, start + PAGE);
      const byRange = groupBy(page, (label) => this.range(label.seq, ''));
      await Promise.all([
        ...[...byRange.values()].map((group) => {
          const key = (name: string) => this.range(group[0].seq, name);
          return this.scripts.dedupeLabel(
            key('pending'), key('cluster'), key('canonicals'), key('duplicates'), key('unlabelled'),
            ...group.flatMap((label) => [label.seq, label.cluster ?? '', label.canonical ? '1' : '0']),
          );
        }),
        this.perRange(done.slice(start, start + PAGE), (group, first) => this.client.srem(this.range(first, 'unlabelled'), ...group)),
      ]);
      await this.replicated();
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
        const { signature: _signature, figures: _figures, slots: _slots, lead: _lead, shingleSet: _shingleSet, tooLittleText: _tooLittleText, opening: _opening, ...metadata } = doc;
        yield { ...metadata, seq };
      }
    }
  }

  /** The sum of one count over every range. */
  private async sumOfEveryRange(count: (first: number) => Promise<number | string | null>): Promise<number> {
    const counts = await Promise.all((await this.everyRange()).map(count));
    return counts.reduce<number>((sum, n) => sum + Number(n ?? 0), 0);
  }

  async stats(): Promise<IndexStats> {
    const [documents, pairs, duplicateClusters, duplicates, pending, unlabelled, bytes] = await Promise.all([
      this.documentCount(),
      this.sumOfEveryRange((first) => this.client.get(this.range(first, 'npairs'))),
      this.sumOfEveryRange((first) => this.client.scard(this.range(first, 'canonicals'))),
      this.sumOfEveryRange((first) => this.client.scard(this.range(first, 'duplicates'))),
      this.sumOfEveryRange((first) => this.client.scard(this.range(first, 'pending'))),
      this.sumOfEveryRange((first) => this.client.scard(this.range(first, 'unlabelled'))),
      usedMemory(this.client),
    ]);
    return { target: this.target, params: await this.readParams(), documents, pairs, duplicateClusters, duplicates, pending, unlabelled, bytes };
  }

  corpusLines(): Promise<StoredCorpusLines> {
    return readCorpusLines(this.client, this.keys.lines);
  }

  async addCorpusLines(update: CorpusLineUpdate): Promise<void> {
    await addCorpusLines(this.client, this.keys.lines, update);
    await this.replicated();
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

/** Memory used by every primary (the whole servers, not one index alone). */
export async function usedMemory(client: Client): Promise<number | null> {
  const servers = client instanceof Cluster ? client.nodes('master') : [client];
  const infos = await Promise.all(servers.map((server) => server.info('memory')));
  const used = infos.map((info) => /used_memory:(\d+)/.exec(info));
  return used.every(Boolean) ? used.reduce((sum, m) => sum + Number(m![1]), 0) : null;
}

/** The corpus lines kept in one hash: "documents" -> documents counted, "n:<line hash>" -> documents holding the line, "learnt:<line hash>" -> 1. */
export async function readCorpusLines(client: Client, key: string): Promise<StoredCorpusLines> {
  const lines = emptyCorpusLines();
  const fields = await client.hgetall(key);
  for (const [field, value] of Object.entries(fields)) {
    if (field === 'documents') lines.documents = Number(value);
    else if (field.startsWith('n:')) lines.counts.set(Number(field.slice(2)), Number(value));
    else if (field.startsWith('learnt:')) lines.learnt.add(Number(field.slice(7)));
  }
  return lines;
}

/** Adds one run's line counts: increments, so runs of several workers add up; MULTI applies all of one run's or none. */
export async function addCorpusLines(client: Client, key: string, update: CorpusLineUpdate): Promise<void> {
  const multi = client.multi();
  multi.hincrby(key, 'documents', update.documents);
  for (const [hash, count] of update.counts) multi.hincrby(key, `n:${hash}`, count);
  for (const hash of update.learnt) multi.hset(key, `learnt:${hash}`, 1);
  for (const [error] of (await multi.exec()) ?? []) if (error) throw error;
}

/**
 * The entries of each document's band hashes (or wider band keys: the low 32 bits decide),
 * grouped by tag number band * TAGS_PER_BAND + the top TAG_BITS bits: one script call each.
 */
export function byBandTag(documents: readonly ArrayLike<number>[]): Map<number, { docs: number[]; hashes: number[] }> {
  const tags = new Map<number, { docs: number[]; hashes: number[] }>();
  documents.forEach((hashes, doc) => {
    for (let band = 0; band < hashes.length; band++) {
      const hash = hashes[band];
      const tag = band * TAGS_PER_BAND + ((hash % 2 ** 32) >>> (32 - TAG_BITS));
      let entries = tags.get(tag);
      if (!entries) tags.set(tag, (entries = { docs: [], hashes: [] }));
      entries.docs.push(doc);
      entries.hashes.push(hash);
    }
  });
  return tags;
}

/** The hash tag of tag number band * TAGS_PER_BAND + t: `{P/<kind><band>.<t>}`, b for buckets, m for membership keys. */
export function bandTagName(prefix: string, kind: 'b' | 'm', tag: number): string {
  return `{${prefix}/${kind}${Math.floor(tag / TAGS_PER_BAND)}.${tag % TAGS_PER_BAND}}`;
}
