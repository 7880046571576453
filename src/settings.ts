/**
 * Every setting of every command, declared once: its flag, help, default, the values it takes
 * and whether the config file may hold it. Flags (text) and the config file (JSON values) are
 * checked by the same rules, and the engine's options are derived from the checked values here
 * and nowhere else. The command line (src/cli/) turns these declarations into options; nothing
 * here knows about commander.
 */

import { CHECK_FORMATS, type CheckFormat } from './check.js';
import type { RunOptions } from './engine/run.js';
import { DEFAULT_BATCH_SIZE } from './index/incremental.js';
import { DEFAULT_MAX_FILE_SIZE, parseByteSize } from './input/open.js';
import { CANONICAL_POLICIES, type CanonicalPolicy } from './match/cluster.js';
import { DEFAULT_POLICY, type MatchPolicy } from './match/verify.js';
import { DEFAULT_VERIFY_BUDGET } from './match/bounded.js';
import { DEFAULT_FINGERPRINT } from './sketch/minhash.js';
import { UsageError } from './types.js';

/** Candidate Jaccard the LSH is tuned for by default: low enough for a trimmed or re-edited copy (Jaccard 0.15-0.4) to be a candidate. */
export const DEFAULT_CANDIDATE_THRESHOLD = 0.15;

/** The commands that take settings. */
export type CommandName = 'run' | 'check' | 'explain' | 'clean';

/** The checked settings, by the name used both as the config key and as the option's attribute. */
export interface Settings {
  textField?: string;
  idField?: string;
  shingle: number;
  permutations: number;
  seed: number;
  threshold: number;
  /** false: off (`--no-containment`). */
  containment: number | false;
  figures: number | false;
  /** Business days; false: off (`--no-date-gap`). */
  dateGap: number | false;
  lead: boolean;
  cluster: MatchPolicy['grouping'];
  candidateThreshold?: number;
  bands?: number;
  rows?: number;
  verifyBudget: number;
  corpusLines: boolean;
  maxFileSize: number;
  jobs?: number;
  include?: string[];
  exclude?: string[];
  followLinks?: boolean;
  canonical: CanonicalPolicy;
  failOnDuplicates?: boolean;
  batch: number;
  maxDuplicateRatio: number;
  baseline?: string;
  format: CheckFormat;
}

export type SettingName = keyof Settings;
export type SettingValue = string | number | boolean | string[];

/** What values a setting takes, from a flag's text or from the config file's JSON. */
export interface ValueKind {
  /** The rule, as error messages say it: "must be a number in (0, 1]". */
  expects: string;
  /** Placeholder in help: `--threshold <j>`. */
  placeholder?: string;
  /** The value a flag's text stands for (before checking). */
  fromText(text: string): unknown;
  /** The value when it is valid, else undefined. */
  check(value: unknown): SettingValue | undefined;
  /** The allowed values, for help and completion. */
  choices?: readonly string[];
  /** A repeatable flag: each use adds to a list. */
  repeatable?: boolean;
}

const asNumber = (text: string): unknown => (text.trim() === '' ? text : Number(text));

function fraction(placeholder: string, allowZero = false): ValueKind {
  return {
    expects: `must be a number in ${allowZero ? '[0' : '(0'}, 1]`,
    placeholder,
    fromText: asNumber,
    check: (value) => (typeof value === 'number' && Number.isFinite(value) && (allowZero ? value >= 0 : value > 0) && value <= 1 ? value : undefined),
  };
}

/** A fraction the config file may also set to false (off), as `--no-NAME` does. */
function fractionOrOff(placeholder: string): ValueKind {
  const base = fraction(placeholder);
  return { ...base, expects: `${base.expects} or false`, check: (value) => (value === false ? false : base.check(value)) };
}

/** A number of days above zero (fractions allowed: 0.5 is twelve hours), or false (off) in the config file, as `--no-NAME` does. */
function daysOrOff(placeholder: string): ValueKind {
  return {
    expects: 'must be a number of days above 0 (at most 36500) or false',
    placeholder,
    fromText: asNumber,
    check: (value) => (value === false ? false : typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 36500 ? value : undefined),
  };
}

function wholeNumber(placeholder: string, max: number): ValueKind {
  return {
    expects: `must be a whole number from 1 to ${max}`,
    placeholder,
    fromText: asNumber,
    check: (value) => (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max ? value : undefined),
  };
}

const text = (placeholder: string): ValueKind => ({
  expects: 'must be a non-empty string',
  placeholder,
  fromText: (t) => t,
  check: (value) => (typeof value === 'string' && value.trim() !== '' ? value : undefined),
});

const onOff: ValueKind = {
  expects: 'must be true or false',
  fromText: (t) => t,
  check: (value) => (typeof value === 'boolean' ? value : undefined),
};

function oneOf(placeholder: string, choices: readonly string[]): ValueKind {
  return {
    expects: `must be one of ${choices.map((c) => `"${c}"`).join(', ')}`,
    placeholder,
    choices,
    fromText: (t) => t,
    check: (value) => (typeof value === 'string' && choices.includes(value) ? value : undefined),
  };
}

const globs: ValueKind = {
  expects: 'must be a glob or a list of globs',
  placeholder: 'glob',
  repeatable: true,
  fromText: (t) => [t],
  check: (value) => {
    const list = typeof value === 'string' ? [value] : value;
    return Array.isArray(list) && list.length > 0 && list.every((g) => typeof g === 'string' && g !== '') ? (list as string[]) : undefined;
  },
};

/** "20MB", "512KB" or a number of bytes. */
const size: ValueKind = {
  expects: 'must be a size such as "20MB", "512KB" or a number of bytes',
  placeholder: 'size',
  fromText: (t) => t,
  check: (value) => {
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
    const bytes = typeof value === 'string' ? parseByteSize(value) : undefined;
    return bytes && bytes > 0 ? bytes : undefined;
  },
};

export interface SettingSpec {
  /** The flag's long name without dashes (`candidate-threshold`). */
  flag: string;
  help: string;
  kind: ValueKind;
  default?: SettingValue;
  /** How help shows the default, when not the value itself ("20MB", "available cores"). */
  defaultLabel?: string;
  /** Help of the `--no-FLAG` form, for settings that can be turned off. */
  off?: string;
  /** Only the `--no-FLAG` form exists (the setting is on by default and takes no value). */
  offOnly?: boolean;
  /** The config file may hold it. */
  inConfig: boolean;
  commands: readonly CommandName[];
}

const MATCHING: readonly CommandName[] = ['run', 'check', 'explain'];
const READING: readonly CommandName[] = ['run', 'check', 'explain', 'clean'];

/** Every setting; the order is the order of the help. */
export const SETTINGS: { readonly [K in SettingName]-?: SettingSpec } = {
  textField: {
    flag: 'text-field',
    help: 'JSON/JSONL field holding the text (default: first of text, body, content, article, articleBody)',
    kind: text('name'),
    inConfig: true,
    commands: READING,
  },
  idField: { flag: 'id-field', help: 'JSON/JSONL field holding the document id (default: id, else file:line)', kind: text('name'), inConfig: true, commands: READING },
  shingle: { flag: 'shingle', help: 'words per shingle', kind: wholeNumber('n', 64), default: DEFAULT_FINGERPRINT.shingleSize, inConfig: true, commands: MATCHING },
  permutations: { flag: 'permutations', help: 'MinHash signature length', kind: wholeNumber('n', 1024), default: DEFAULT_FINGERPRINT.permutations, inConfig: true, commands: MATCHING },
  seed: { flag: 'seed', help: 'hash seed (equal seeds give equal signatures)', kind: wholeNumber('n', 2 ** 31), default: DEFAULT_FINGERPRINT.seed, inConfig: true, commands: MATCHING },
  threshold: {
    flag: 'threshold',
    help: 'estimated Jaccard similarity at which two documents are copies',
    kind: fraction('j'),
    default: DEFAULT_POLICY.threshold,
    inConfig: true,
    commands: MATCHING,
  },
  containment: {
    flag: 'containment',
    help: 'share of the shorter document found in the longer at which it is a copy (trimmed copies)',
    kind: fractionOrOff('c'),
    default: DEFAULT_POLICY.containment ?? 0.6,
    off: 'match on Jaccard similarity alone',
    inConfig: true,
    commands: MATCHING,
  },
  figures: {
    flag: 'figures',
    help: "share of the shorter document's figures (numbers, dates) the longer must also hold",
    kind: fractionOrOff('f'),
    default: DEFAULT_POLICY.figures ?? 0.6,
    off: 'do not compare figures (templated stories with other numbers may then merge)',
    inConfig: true,
    commands: MATCHING,
  },
  dateGap: {
    flag: 'date-gap',
    help: 'business days apart (Saturdays and Sundays not counted) beyond which two dated documents, the smaller of at most 150 shingles, are different stories however alike (a daily or weekly notice re-run word for word; a re-send the next business day and a full story reposted later stay copies)',
    kind: daysOrOff('days'),
    default: DEFAULT_POLICY.dateGap ?? 1.5,
    off: 'do not compare publication dates (templated items re-run days or weeks apart may then merge)',
    inConfig: true,
    commands: MATCHING,
  },
  lead: {
    flag: 'lead',
    help: '',
    kind: onOff,
    default: true,
    off: 'do not require copies to start alike (a page carrying another story further down may then join it)',
    offOnly: true,
    inConfig: true,
    commands: MATCHING,
  },
  cluster: {
    flag: 'cluster',
    help: "canonical: every member must match its cluster's canonical; components: connected components (A~B~C chains merge)",
    kind: oneOf('mode', ['canonical', 'components']),
    default: DEFAULT_POLICY.grouping,
    inConfig: true,
    commands: MATCHING,
  },
  candidateThreshold: {
    flag: 'candidate-threshold',
    help: `Jaccard the LSH bands are tuned for (default: the lower of --threshold and ${DEFAULT_CANDIDATE_THRESHOLD} when containment is on)`,
    kind: fraction('j'),
    inConfig: true,
    commands: MATCHING,
  },
  bands: { flag: 'bands', help: 'LSH bands (overrides the tuned value; give --rows too)', kind: wholeNumber('b', 1024), inConfig: true, commands: MATCHING },
  rows: { flag: 'rows', help: 'LSH rows per band (overrides the tuned value; give --bands too)', kind: wholeNumber('r', 1024), inConfig: true, commands: MATCHING },
  verifyBudget: {
    flag: 'verify-budget',
    help: 'candidate pairs verified per document at most (bounds the work on corpora whose pages share passages; memory: 4 bytes per document per unit)',
    kind: wholeNumber('n', 1024),
    default: DEFAULT_VERIFY_BUDGET,
    inConfig: true,
    commands: MATCHING,
  },
  corpusLines: {
    flag: 'corpus-lines',
    help: '',
    kind: onOff,
    default: true,
    off: 'do not learn and remove lines repeated across many documents',
    offOnly: true,
    inConfig: true,
    commands: READING,
  },
  maxFileSize: {
    flag: 'max-file-size',
    help: 'skip files (and JSONL records) larger than this',
    kind: size,
    default: DEFAULT_MAX_FILE_SIZE,
    defaultLabel: '20MB',
    inConfig: true,
    commands: READING,
  },
  jobs: {
    flag: 'jobs',
    help: 'worker threads for reading, cleaning and fingerprinting, started as batches need them, at most 2 per core (default: available cores; for an input under 24 MB none, the main thread alone being faster there)',
    kind: wholeNumber('n', 256),
    inConfig: true,
    commands: MATCHING,
  },
  include: { flag: 'include', help: 'only files matching this glob (repeatable)', kind: globs, inConfig: true, commands: READING },
  exclude: { flag: 'exclude', help: 'leave out files matching this glob (repeatable)', kind: globs, inConfig: true, commands: READING },
  followLinks: {
    flag: 'follow-links',
    help: 'follow symbolic links that lead outside the input folders (by default they are skipped with a reason)',
    kind: onOff,
    inConfig: true,
    commands: READING,
  },
  canonical: {
    flag: 'canonical',
    help: 'how the canonical copy of a cluster is chosen',
    kind: oneOf('policy', CANONICAL_POLICIES),
    default: 'complete',
    inConfig: true,
    commands: MATCHING,
  },
  failOnDuplicates: { flag: 'fail-on-duplicates', help: 'exit with status 1 when any duplicates are found (for CI)', kind: onOff, inConfig: true, commands: ['run'] },
  batch: { flag: 'batch', help: 'with --index: documents per index transaction', kind: wholeNumber('n', 1 << 20), default: DEFAULT_BATCH_SIZE, inConfig: true, commands: ['run'] },
  maxDuplicateRatio: {
    flag: 'max-duplicate-ratio',
    help: 'largest share of documents allowed to be new duplicates (0 allows none)',
    kind: fraction('r', true),
    default: 0,
    inConfig: true,
    commands: ['check'],
  },
  baseline: {
    flag: 'baseline',
    help: 'accepted duplicate clusters, which are not failures (default with --write-baseline: dedupe-baseline.json)',
    kind: text('file'),
    inConfig: true,
    commands: ['check'],
  },
  format: { flag: 'format', help: 'output: text, json, or GitHub Actions annotations', kind: oneOf('format', CHECK_FORMATS), default: 'text', inConfig: true, commands: ['check'] },
};

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];
export const CONFIG_KEYS = SETTING_NAMES.filter((name) => SETTINGS[name].inConfig);

/** A setting's value checked by its rule; `where` names its origin in the error ("--threshold", "dedupe.config.json: \"threshold\""). */
export function checkSetting(name: SettingName, value: unknown, where: string, shown = JSON.stringify(value)): SettingValue {
  const checked = SETTINGS[name].kind.check(value);
  if (checked === undefined) throw new UsageError(`${where} ${SETTINGS[name].kind.expects}, got ${shown}`);
  return checked;
}

/** A flag's text checked by its setting's rule; the error quotes the text as given. */
export function settingFromText(name: SettingName, text: string): SettingValue {
  return checkSetting(name, SETTINGS[name].kind.fromText(text), `--${SETTINGS[name].flag}`, `"${text}"`);
}

/** Rules that bind two settings together, for flags and config alike. */
function checkCombinations(settings: Pick<Settings, 'bands' | 'rows' | 'permutations'>): void {
  if ((settings.bands === undefined) !== (settings.rows === undefined)) throw new UsageError('--bands and --rows go together');
  if (settings.bands !== undefined && settings.rows !== undefined && settings.bands * settings.rows > settings.permutations) {
    throw new UsageError(`--bands x --rows (${settings.bands * settings.rows}) must not exceed --permutations (${settings.permutations})`);
  }
}

/** The verdict rules a run applies, from the settings. */
export function matchPolicyOf(settings: Pick<Settings, 'threshold' | 'containment' | 'figures' | 'dateGap' | 'lead' | 'cluster'>): MatchPolicy {
  return {
    ...DEFAULT_POLICY,
    threshold: settings.threshold,
    containment: settings.containment === false ? null : settings.containment,
    figures: settings.figures === false ? null : settings.figures,
    dateGap: settings.dateGap === false ? null : settings.dateGap,
    lead: settings.lead === false ? null : DEFAULT_POLICY.lead,
    grouping: settings.cluster,
  };
}

/**
 * The Jaccard the LSH bands are tuned for: as given, else the verdict threshold, lowered to
 * DEFAULT_CANDIDATE_THRESHOLD when containment is on so that trimmed copies become candidates.
 */
export function candidateThresholdOf(policy: MatchPolicy, given?: number): number {
  return given ?? (policy.containment === null ? policy.threshold : Math.min(policy.threshold, DEFAULT_CANDIDATE_THRESHOLD));
}

/** Files a run never reads as input (its own config file, a check's baseline). */
export interface RunContext {
  stdin?: RunOptions['stdin'];
  skipFiles?: string[];
}

/** What discovery and reading take: the globs and fields given, never the run's own files. */
export function readingOptions(settings: Pick<Settings, 'include' | 'exclude' | 'followLinks' | 'textField' | 'idField' | 'maxFileSize' | 'corpusLines'>, context: RunContext): Pick<RunOptions, 'discover' | 'read' | 'corpusLines' | 'stdin'> {
  return {
    discover: { include: settings.include, exclude: settings.exclude, followLinks: settings.followLinks, skipFiles: context.skipFiles?.length ? context.skipFiles : undefined },
    read: { textField: settings.textField, idField: settings.idField, maxFileSize: settings.maxFileSize },
    corpusLines: settings.corpusLines,
    stdin: context.stdin,
  };
}

/** The engine's options for a run, check, explain or --index, from checked settings. */
export function runOptionsOf(settings: Settings, context: RunContext): RunOptions {
  checkCombinations(settings);
  const policy = matchPolicyOf(settings);
  return {
    ...readingOptions(settings, context),
    fingerprint: { shingleSize: settings.shingle, permutations: settings.permutations, seed: settings.seed },
    policy,
    canonical: settings.canonical,
    candidateThreshold: candidateThresholdOf(policy, settings.candidateThreshold),
    banding: settings.bands !== undefined && settings.rows !== undefined ? { bands: settings.bands, rows: settings.rows } : undefined,
    jobs: settings.jobs,
    verifyBudget: settings.verifyBudget,
    // Reports need no sketches once clusters are built.
    releaseSketches: true,
  };
}

/** Checks the config file's settings; `where` names the file in errors. Unknown keys are errors with a suggestion. */
export function checkConfigValues(raw: unknown, where: string): Partial<Record<SettingName, SettingValue>> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`${where}: must be a JSON object of settings`);
  const values: Partial<Record<SettingName, SettingValue>> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === '$schema') continue;
    const name = configName(key);
    if (!name) {
      const hint = closestKey(key);
      throw new UsageError(`${where}: unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; known keys: ${CONFIG_KEYS.join(', ')}`);
    }
    values[name] = checkSetting(name, value, `${where}: "${key}"`);
  }
  if ((values.bands === undefined) !== (values.rows === undefined)) throw new UsageError(`${where}: "bands" and "rows" go together`);
  return values;
}

const camelCase = (key: string) => key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The setting a config key names: camelCase or the flag's kebab-case. */
function configName(key: string): SettingName | undefined {
  const camel = camelCase(key);
  return (CONFIG_KEYS as string[]).includes(camel) ? (camel as SettingName) : undefined;
}

/** Edit distance, case-insensitive, for suggesting the key a misspelt one meant. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function closestKey(key: string): string | undefined {
  const camel = camelCase(key);
  const best = CONFIG_KEYS.map((k) => ({ k, d: editDistance(camel, k) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 3 ? best.k : undefined;
}
