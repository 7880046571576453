/**
 * The embedded index: one SQLite file (better-sqlite3, WAL journal). Every write is one
 * transaction, so a run killed at any moment leaves the last committed batch in place and
 * nothing half-written; a document's state column says which step it finished.
 */

import type Database from 'better-sqlite3';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { FULL_PAIRING_LIMIT } from '../match/candidates.js';
import { decodeRecord, encodeParams, encodeRecord, SKETCH_RECORD_FIELDS } from './codec.js';
import { loadSqliteDriver } from './sqlite-driver.js';
import { emptyCorpusLines, type CorpusLineUpdate, type StoredCorpusLines } from '../engine/corpus-lines.js';
import { INDEX_FORMAT, checkParams, IndexTargetError, readStoredParams, type IndexLabel, type IndexParams, type IndexStats, type IndexStore, type InsertOutcome, type NewDocument, type SketchFields, type StoredDocument } from './store.js';

/** better-sqlite3, an optional dependency: importing this module without it rejects with a message naming the fix. */
const Driver = await loadSqliteDriver();

/**
 * LSH rows of new documents go to the small recent_bands table, not to the large bands table:
 * band hashes are random, so inserting into the large table rewrites a page per row, while the
 * small one stays in the page cache. Once recent_bands outgrows this share of bands it is
 * merged in one sorted pass (one write of each page).
 */
const MERGE_SHARE = 0.1;
const MIN_MERGE_ROWS = 1_000_000;

/** Document states: pairs not verified yet, cluster not stored yet, done. */
const PENDING = 0;
const UNLABELLED = 1;
const DAY_MS = 86_400_000;
const LABELLED = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  hash TEXT NOT NULL,
  path TEXT NOT NULL,
  title TEXT, url TEXT, date TEXT, time REAL,
  file TEXT, record INTEGER,
  clean_chars INTEGER NOT NULL,
  debris REAL NOT NULL,
  shingles INTEGER NOT NULL,
  tokens INTEGER NOT NULL,
  sketch BLOB NOT NULL,
  cluster TEXT,
  canonical INTEGER NOT NULL DEFAULT 0,
  state INTEGER NOT NULL DEFAULT ${PENDING}
);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(hash);
CREATE INDEX IF NOT EXISTS documents_unfinished ON documents(state) WHERE state < ${LABELLED};
CREATE INDEX IF NOT EXISTS documents_canonical ON documents(seq) WHERE canonical = 1;
CREATE INDEX IF NOT EXISTS documents_duplicate ON documents(seq) WHERE cluster IS NOT NULL AND canonical = 0;
CREATE TABLE IF NOT EXISTS bands (band INTEGER NOT NULL, hash INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (band, hash, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS recent_bands (band INTEGER NOT NULL, hash INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (band, hash, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pairs (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS corpus_lines (hash INTEGER PRIMARY KEY, documents INTEGER NOT NULL, learnt INTEGER NOT NULL DEFAULT 0);
`;

interface DocumentRow {
  seq: number;
  id: string;
  hash: string;
  path: string;
  file: string | null;
  record: number | null;
  title: string | null;
  url: string | null;
  date: string | null;
  time: number | null;
  clean_chars: number;
  debris: number;
  shingles: number;
  tokens: number;
  sketch?: Buffer;
  cluster: string | null;
  canonical: number;
}

function metadata(row: DocumentRow): Omit<StoredDocument, SketchFields> {
  return {
    seq: row.seq,
    id: row.id,
    hash: row.hash,
    path: row.path,
    file: row.file ?? undefined,
    record: row.record ?? undefined,
    title: row.title ?? undefined,
    url: row.url ?? undefined,
    date: row.date ?? undefined,
    time: row.time ?? undefined,
    cleanChars: row.clean_chars,
    debris: row.debris,
    shingles: row.shingles,
    tokens: row.tokens,
    cluster: row.cluster,
    canonical: row.canonical === 1,
  };
}

const PAGE = 10_000;
/** Bands read by one bucket statement (a compound SELECT of one term per band). */
const BANDS_PER_STATEMENT = 256;
const METADATA_COLUMNS = 'seq, id, hash, path, file, record, title, url, date, time, clean_chars, debris, shingles, tokens, cluster, canonical';
/**
 * The same columns from an index written before documents recorded their file and record
 * (same format: the columns are added when such an index is opened for writing, and a version
 * without them reads and writes an index that has them).
 */
const METADATA_COLUMNS_WITHOUT_PLACE = METADATA_COLUMNS.replace('file, record', 'NULL AS file, NULL AS record');

/**
 * Refuses, before opening, an index that cannot be written: SQLite would open it read-only
 * without a word and fail at the first write. Adding to an index writes the file and, for its
 * journal, the folder.
 */
function refuseReadOnly(file: string): void {
  const folder = path.dirname(path.resolve(file));
  const exists = existsSync(file);
  for (const [what, place] of [...(exists ? [['file', file]] : []), ['folder', folder]] as [string, string][]) {
    try {
      accessSync(place, constants.W_OK);
    } catch {
      throw new IndexTargetError(
        exists
          ? `index ${file} is read-only (its ${what} cannot be written): \`dedupe index stats\`, \`dedupe index export\` and --query-only read it; adding documents needs write access to the file and its folder`
          : `cannot create index ${file}: folder ${path.dirname(file)} cannot be written`,
      );
    }
  }
}

export interface SqliteOptions {
  /** Create the file when it does not exist. */
  create: boolean;
  readonly?: boolean;
  /** Page cache in MiB (bulk loads want a large one). */
  cacheMiB?: number;
}

export class SqliteStore implements IndexStore {
  readonly target: string;
  readonly db: Database.Database;
  private readonly statements;
  /** Per table, one statement that reads the buckets of all bands of a document at once. */
  private readonly bucketStatements = new Map<string, Database.Statement>();

  constructor(file: string, options: SqliteOptions) {
    this.target = file;
    const readonly = options.readonly ?? false;
    if (existsSync(file)) {
      if (statSync(file).isDirectory()) throw new IndexTargetError(`${file} is a folder, not an index file`);
    } else if (!options.create) {
      throw new IndexTargetError(`index ${file} does not exist`);
    } else if (!existsSync(path.dirname(path.resolve(file)))) {
      throw new IndexTargetError(`cannot create index ${file}: folder ${path.dirname(file)} does not exist`);
    }
    if (!readonly) refuseReadOnly(file);
    let format: string | undefined;
    let opened: Database.Database | undefined;
    try {
      this.db = opened = new Driver(file, { readonly, fileMustExist: !options.create });
      this.db.pragma('busy_timeout = 30000');
      // Read the format before anything is written or the journal mode set: an index of another
      // format, or another program's database, is refused, not altered.
      format = this.readFormat();
      if (format !== undefined && format !== INDEX_FORMAT) throw new Error(`format ${format}`);
      if (format === undefined) {
        if (readonly) throw new Error(statSync(file).size === 0 ? 'the file is empty' : this.hasTable('meta') ? 'no format recorded' : 'no dedupe tables in it');
        this.refuseForeignDatabase();
      }
      if (!readonly) {
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
        // The tables and the format in one transaction: a file is never left with one and not the other.
        this.db.transaction(() => {
          this.db.exec(SCHEMA);
          if (format === undefined) this.db.prepare("INSERT OR IGNORE INTO meta VALUES ('format', ?)").run(INDEX_FORMAT);
        })();
        this.addPlaceColumns();
      }
      this.db.pragma(`cache_size = ${-1024 * (options.cacheMiB ?? 64)}`);
      // Lookups read pages of the large bands table at random: map the file instead of copying pages.
      this.db.pragma(`mmap_size = ${2 ** 33}`);
    } catch (error) {
      if (opened?.open) opened.close();
      if (error instanceof IndexTargetError) throw error;
      if (format !== INDEX_FORMAT && format?.startsWith('dedupe-index/')) {
        throw new IndexTargetError(`index ${file} was written by another version of dedupe (format ${format}; this version reads ${INDEX_FORMAT}): build a new index`);
      }
      const code = String((error as { code?: unknown }).code ?? '');
      if (readonly && /^SQLITE_(CANTOPEN|READONLY)/.test(code)) {
        throw new IndexTargetError(
          `index ${file} cannot be read where it is (${(error as Error).message}): it was left in SQLite's WAL journal mode, ` +
            `which needs ${path.basename(file)}-shm created beside it even to be read. Open it once with write access to its folder ` +
            '(an adding run leaves it readable read-only when it closes), or copy it to a writable folder',
        );
      }
      // A full disk, an I/O error or a damaged file is the run failing (exit 3), not a wrong target.
      if (/^SQLITE_(?:FULL|IOERR|CANTOPEN|CORRUPT|NOMEM|PROTOCOL)/.test(code)) throw new Error(`cannot use index ${file}: ${(error as Error).message}`);
      throw new IndexTargetError(`${file} is not a dedupe index (${(error as Error).message})`);
    }
    const db = this.db;
    const hasPlace = this.hasPlaceColumns();
    const metadataColumns = hasPlace ? METADATA_COLUMNS : METADATA_COLUMNS_WITHOUT_PLACE;
    // Queries on document states repeat the partial indexes' conditions, so SQLite reads those
    // small indexes instead of scanning a table of a million signatures.
    this.statements = {
      params: db.prepare("SELECT value FROM meta WHERE key = 'params'").pluck(),
      setParams: db.prepare("INSERT OR IGNORE INTO meta VALUES ('params', ?)"),
      count: db.prepare('SELECT count(*) FROM documents').pluck(),
      byId: db.prepare('SELECT seq, hash FROM documents WHERE id = ?'),
      // The first copy of a text published within the date gap (ms) of this one (any copy when either has no time or the gap is off).
      firstWithText: db
        .prepare('SELECT seq FROM documents WHERE hash = @hash AND (@time IS NULL OR @gap IS NULL OR time IS NULL OR abs(time - @time) <= @gap) ORDER BY seq LIMIT 1')
        .pluck(),
      insertDocument: db.prepare(
        hasPlace
          ? `INSERT OR IGNORE INTO documents (id, hash, path, file, record, title, url, date, time, clean_chars, debris, shingles, tokens, sketch)
             VALUES (@id, @hash, @path, @file, @record, @title, @url, @date, @time, @cleanChars, @debris, @shingles, @tokens, @sketch)`
          : // Read only (the columns are added whenever the index is opened for writing): never run.
            `INSERT OR IGNORE INTO documents (id, hash, path, title, url, date, time, clean_chars, debris, shingles, tokens, sketch)
             VALUES (@id, @hash, @path, @title, @url, @date, @time, @cleanChars, @debris, @shingles, @tokens, @sketch)`,
      ),
      insertBand: db.prepare('INSERT OR IGNORE INTO recent_bands VALUES (?, ?, ?)'),
      recentRows: db.prepare('SELECT count(*) FROM recent_bands').pluck(),
      mainRows: db.prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'band_rows'").pluck(),
      setMainRows: db.prepare("INSERT OR REPLACE INTO meta VALUES ('band_rows', ?)"),
      merge: db.prepare('INSERT OR IGNORE INTO bands SELECT band, hash, seq FROM recent_bands ORDER BY band, hash, seq'),
      clearRecent: db.prepare('DELETE FROM recent_bands'),
      document: db.prepare(`SELECT ${metadataColumns}, sketch FROM documents WHERE seq = ?`),
      insertPair: db.prepare('INSERT OR IGNORE INTO pairs VALUES (?, ?)'),
      setState: db.prepare(`UPDATE documents SET state = ? WHERE seq = ? AND state < ?`),
      finishLabel: db.prepare(`UPDATE documents SET state = ${LABELLED} WHERE seq = ? AND state = ${UNLABELLED}`),
      withState: db.prepare(`SELECT seq FROM documents WHERE state < ${LABELLED} AND state = ? ORDER BY seq`).pluck(),
      partners: db.prepare('SELECT b FROM pairs WHERE a = ?').pluck(),
      setLabel: db.prepare(`UPDATE documents SET cluster = ?, canonical = ?, state = ${LABELLED} WHERE seq = ? AND state >= ${UNLABELLED}`),
      pairPage: db.prepare('SELECT a, b FROM pairs WHERE a < b AND (a > ? OR (a = ? AND b > ?)) ORDER BY a, b LIMIT ?').raw(),
      documentPage: db.prepare(`SELECT ${metadataColumns} FROM documents WHERE seq > ? ORDER BY seq LIMIT ?`),
      pairCount: db.prepare('SELECT count(*) FROM pairs').pluck(),
      canonicalCount: db.prepare('SELECT count(*) FROM documents WHERE canonical = 1').pluck(),
      duplicateCount: db.prepare('SELECT count(*) FROM documents WHERE cluster IS NOT NULL AND canonical = 0').pluck(),
      stateCount: db.prepare(`SELECT count(*) FROM documents WHERE state < ${LABELLED} AND state = ?`).pluck(),
    };
  }

  /** Whether the documents table has the file and record columns (an index written before them has not). */
  private hasPlaceColumns(): boolean {
    const columns = this.db.prepare("SELECT name FROM pragma_table_info('documents')").pluck().all() as string[];
    return columns.includes('file') && columns.includes('record');
  }

  /** Adds the file and record columns to an index written before them (once, under the write lock). */
  private addPlaceColumns(): void {
    if (this.hasPlaceColumns()) return;
    this.db
      .transaction(() => {
        const columns = this.db.prepare("SELECT name FROM pragma_table_info('documents')").pluck().all() as string[];
        if (!columns.includes('file')) this.db.exec('ALTER TABLE documents ADD COLUMN file TEXT');
        if (!columns.includes('record')) this.db.exec('ALTER TABLE documents ADD COLUMN record INTEGER');
      })
      .immediate();
  }

  /**
   * A database that holds tables but no dedupe format or parameters belongs to another program:
   * dedupe adds no tables to it and leaves its journal mode as it is.
   */
  private refuseForeignDatabase(): void {
    const tables = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").pluck().all() as string[];
    if (tables.length === 0) return;
    const isIndex = this.hasTable('meta') && this.db.prepare("SELECT 1 FROM meta WHERE key IN ('format', 'params')").get() !== undefined;
    if (isIndex) return;
    const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? `, and ${tables.length - 5} more` : '');
    throw new IndexTargetError(
      `${this.target} is not a dedupe index: it is a SQLite database with other tables (${shown}), and dedupe does not add its own to another program's database. Give a new file or an existing dedupe index`,
    );
  }

  private hasTable(name: string): boolean {
    return this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  }

  private readFormat(): string | undefined {
    return this.hasTable('meta') ? (this.db.prepare("SELECT value FROM meta WHERE key = 'format'").pluck().get() as string | undefined) : undefined;
  }

  async readParams(): Promise<IndexParams | null> {
    const value = this.statements.params.get() as string | undefined;
    return value === undefined ? null : readStoredParams(value);
  }

  async ensureParams(params: IndexParams): Promise<void> {
    this.db.transaction(() => this.statements.setParams.run(encodeParams(params))).immediate();
    checkParams(this.target, (await this.readParams())!, params);
  }

  async documentCount(): Promise<number> {
    return this.statements.count.get() as number;
  }

  async lookup(ids: readonly string[]): Promise<Map<string, { seq: number; hash: string }>> {
    const out = new Map<string, { seq: number; hash: string }>();
    for (const id of ids) {
      const row = this.statements.byId.get(id) as { seq: number; hash: string } | undefined;
      if (row) out.set(id, row);
    }
    return out;
  }

  private buckets(table: 'bands' | 'recent_bands', bands: number): Database.Statement {
    const key = `${table}:${bands}`;
    let statement = this.bucketStatements.get(key);
    if (!statement) {
      // One statement for many bands, and per band only the FULL_PAIRING_LIMIT most recent members,
      // read backwards along the primary key: a bucket of thousands of copies of one text costs
      // as little as a small one, instead of every insert reading every copy.
      const perBand = `SELECT * FROM (SELECT band, seq FROM ${table} WHERE band = ? AND hash = ? ORDER BY seq DESC LIMIT ${FULL_PAIRING_LIMIT})`;
      statement = this.db.prepare(Array.from({ length: bands }, () => perBand).join(' UNION ALL ')).raw();
      this.bucketStatements.set(key, statement);
    }
    return statement;
  }

  private bucketRows(table: 'bands' | 'recent_bands', hashes: Uint32Array): [number, number][] {
    const rows: [number, number][] = [];
    // SQLite takes at most 500 terms in one compound SELECT.
    for (let start = 0; start < hashes.length; start += BANDS_PER_STATEMENT) {
      const end = Math.min(hashes.length, start + BANDS_PER_STATEMENT);
      const args: number[] = [];
      for (let band = start; band < end; band++) args.push(band, hashes[band]);
      for (const row of this.buckets(table, end - start).all(args) as [number, number][]) rows.push(row);
    }
    return rows;
  }

  /** Documents in these (band, seq) rows of both tables: per band the FULL_PAIRING_LIMIT most recent. */
  private bucketMembers(rows: readonly [number, number][], exclude: number): number[] {
    const byBand = new Map<number, number[]>();
    for (const [band, seq] of rows) {
      if (seq === exclude) continue;
      const list = byBand.get(band);
      if (list) list.push(seq);
      else byBand.set(band, [seq]);
    }
    const found = new Set<number>();
    for (const list of byBand.values()) {
      if (list.length > FULL_PAIRING_LIMIT) list.sort((a, b) => b - a).length = FULL_PAIRING_LIMIT;
      for (const seq of list) found.add(seq);
    }
    return [...found];
  }

  /**
   * Inserts documents. An exact copy of an indexed text (the same cleaned-text hash) takes that
   * document, its first copy, as its only candidate and adds no bucket rows: thousands of copies
   * of one page cost one pair each, and buckets hold each text once, as they would without them.
   * A copy published further from every earlier one than the index's date gap (next week's run of
   * a weekly notice) is a new story: it gets candidates and bucket rows of its own.
   */
  async insert(documents: readonly NewDocument[], bandHashes: readonly Uint32Array[]): Promise<InsertOutcome[]> {
    const s = this.statements;
    // The large table changes only when recent rows are merged into it: read it before taking
    // the write lock (reads inside a write transaction are slower), and again if a merge came between.
    const mainRows = s.mainRows.get();
    const firstCopyOf = this.firstCopyFinder();
    const early = bandHashes.map((hashes, i) => (firstCopyOf(documents[i]) === null ? this.bucketRows('bands', hashes) : undefined));
    return this.db
      .transaction(() => {
        const merged = s.mainRows.get() !== mainRows;
        return documents.map((doc, i): InsertOutcome => {
          const firstCopy = firstCopyOf(doc);
          const result = s.insertDocument.run({
            ...doc,
            file: doc.file ?? null,
            record: doc.record ?? null,
            title: doc.title ?? null,
            url: doc.url ?? null,
            date: doc.date ?? null,
            time: doc.time ?? null,
            sketch: encodeRecord(doc, SKETCH_RECORD_FIELDS),
          });
          if (result.changes === 0) {
            const existing = s.byId.get(doc.id) as { seq: number; hash: string };
            return { inserted: false, ...existing };
          }
          const seq = Number(result.lastInsertRowid);
          if (firstCopy !== null) return { inserted: true, seq, candidates: [firstCopy] };
          const hashes = bandHashes[i];
          const main = merged || !early[i] ? this.bucketRows('bands', hashes) : early[i];
          const candidates = this.bucketMembers([...main, ...this.bucketRows('recent_bands', hashes)], seq);
          for (let band = 0; band < hashes.length; band++) s.insertBand.run(band, hashes[band], seq);
          return { inserted: true, seq, candidates };
        });
      })
      .immediate();
  }

  /** The seq of the first indexed copy of a document's text within the index's date gap of it, or null. */
  private firstCopyFinder(): (doc: NewDocument) => number | null {
    const params = this.statements.params.get() as string | undefined;
    const dateGap = params === undefined ? null : readStoredParams(params).dateGap;
    const gap = dateGap === null ? null : dateGap * DAY_MS;
    return (doc) => (this.statements.firstWithText.get({ hash: doc.hash, time: doc.time ?? null, gap }) as number | undefined) ?? null;
  }

  async candidates(bandHashes: readonly Uint32Array[]): Promise<number[][]> {
    return bandHashes.map((hashes) => this.bucketMembers([...this.bucketRows('bands', hashes), ...this.bucketRows('recent_bands', hashes)], -1));
  }

  async getDocuments(seqs: readonly number[]): Promise<Map<number, StoredDocument>> {
    const out = new Map<number, StoredDocument>();
    for (const seq of seqs) {
      const row = this.statements.document.get(seq) as DocumentRow | undefined;
      if (row) out.set(seq, { ...decodeRecord(row.sketch!), ...metadata(row) });
    }
    return out;
  }

  async complete(pairs: readonly (readonly [number, number])[], seqs: readonly number[]): Promise<void> {
    const s = this.statements;
    this.db
      .transaction(() => {
        for (const [a, b] of pairs) {
          s.insertPair.run(a, b);
          s.insertPair.run(b, a);
        }
        for (const seq of seqs) s.setState.run(UNLABELLED, seq, UNLABELLED);
      })
      .immediate();
  }

  /** Merges recent_bands into bands when it has grown past its share (see MERGE_SHARE). */
  mergeRecentBands(force = false): boolean {
    const s = this.statements;
    const recent = s.recentRows.get() as number;
    const main = (s.mainRows.get() as number | undefined) ?? 0;
    if (recent === 0 || (!force && recent < Math.max(MIN_MERGE_ROWS, main * MERGE_SHARE))) return false;
    this.db
      .transaction(() => {
        s.merge.run();
        s.clearRecent.run();
        s.setMainRows.run(main + recent);
      })
      .immediate();
    return true;
  }

  async pending(): Promise<number[]> {
    return this.statements.withState.all(PENDING) as number[];
  }

  async unlabelled(): Promise<number[]> {
    return this.statements.withState.all(UNLABELLED) as number[];
  }

  async neighbours(seqs: readonly number[]): Promise<Map<number, number[]>> {
    return new Map(seqs.map((seq) => [seq, this.statements.partners.all(seq) as number[]]));
  }

  async withLabelLock<T>(work: () => Promise<T>): Promise<T> {
    // One write transaction around the whole read-compute-write: other processes wait on the lock.
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  async setLabels(labels: readonly IndexLabel[], done: readonly number[]): Promise<void> {
    const s = this.statements;
    this.db.transaction(() => {
      for (const label of labels) s.setLabel.run(label.cluster, label.canonical ? 1 : 0, label.seq);
      for (const seq of done) s.finishLabel.run(seq);
    })();
  }

  async *pairs(): AsyncIterable<readonly [number, number]> {
    let after: [number, number] = [-1, -1];
    for (;;) {
      const rows = this.statements.pairPage.all(after[0], after[0], after[1], PAGE) as [number, number][];
      for (const row of rows) yield row;
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1];
    }
  }

  async *documents(): AsyncIterable<Omit<StoredDocument, SketchFields>> {
    let after = -1;
    for (;;) {
      const rows = this.statements.documentPage.all(after, PAGE) as DocumentRow[];
      for (const row of rows) yield metadata(row);
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1].seq;
    }
  }

  async stats(): Promise<IndexStats> {
    const s = this.statements;
    const size = (file: string) => (existsSync(file) ? statSync(file).size : 0);
    return {
      target: this.target,
      params: await this.readParams(),
      documents: s.count.get() as number,
      pairs: (s.pairCount.get() as number) / 2,
      duplicateClusters: s.canonicalCount.get() as number,
      duplicates: s.duplicateCount.get() as number,
      pending: s.stateCount.get(PENDING) as number,
      unlabelled: s.stateCount.get(UNLABELLED) as number,
      bytes: size(this.target) + size(`${this.target}-wal`),
    };
  }

  async corpusLines(): Promise<StoredCorpusLines> {
    const lines = emptyCorpusLines();
    // An index written before lines were learnt has no table (read-only opens do not add it).
    if (!this.hasTable('corpus_lines')) return lines;
    lines.documents = Number(this.db.prepare("SELECT value FROM meta WHERE key = 'corpus_documents'").pluck().get() ?? 0);
    for (const [hash, documents, learnt] of this.db.prepare('SELECT hash, documents, learnt FROM corpus_lines').raw().iterate() as Iterable<[number, number, number]>) {
      lines.counts.set(hash, documents);
      if (learnt) lines.learnt.add(hash);
    }
    return lines;
  }

  async addCorpusLines(update: CorpusLineUpdate): Promise<void> {
    const addDocuments = this.db.prepare(
      "INSERT INTO meta VALUES ('corpus_documents', ?) ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + excluded.value",
    );
    const addCount = this.db.prepare('INSERT INTO corpus_lines (hash, documents) VALUES (?, ?) ON CONFLICT(hash) DO UPDATE SET documents = documents + excluded.documents');
    const learn = this.db.prepare('UPDATE corpus_lines SET learnt = 1 WHERE hash = ?');
    this.db
      .transaction(() => {
        addDocuments.run(update.documents);
        for (const [hash, count] of update.counts) addCount.run(hash, count);
        for (const hash of update.learnt) learn.run(hash);
      })
      .immediate();
  }

  async close(): Promise<void> {
    if (this.db.open && !this.db.readonly) {
      this.mergeRecentBands();
      this.leaveReadable();
    }
    if (this.db.open) this.db.close();
  }

  /**
   * Switches the file back to the rollback journal when no other process has it open. Reading a
   * database in WAL mode needs its -shm file created, which a read-only file or folder (a CI
   * cache, a read-only mount) cannot give; a rollback-journal file is read with nothing created.
   * While another process has it open the switch is refused at once, and the last one to close
   * makes it.
   */
  private leaveReadable(): void {
    try {
      this.db.pragma('busy_timeout = 0');
      this.db.pragma('journal_mode = DELETE');
    } catch {
      // Another process holds the index: it stays in WAL mode until that one closes.
    }
  }
}
