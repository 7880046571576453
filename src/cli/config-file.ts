/**
 * Config file: the options a team wants fixed, in `dedupe.config.json` in the working folder or
 * under a `"dedupe"` key in its package.json. Every key is checked before the run starts, and an
 * error names the file and the bad key. Command-line flags win over the file.
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../types.js';
import { CHECK_FORMATS } from '../check.js';
import { CANONICAL_POLICIES } from '../match/cluster.js';
import { parseByteSize } from '../input/open.js';

export const CONFIG_FILE = 'dedupe.config.json';

/** A bad setting: a usage error (exit 2), printed with the file and key it came from. */
export class ConfigError extends UsageError {}

export type ConfigValue = string | number | boolean | string[];

export interface LoadedConfig {
  /** The file the settings came from; undefined when there is none. */
  file?: string;
  /** Validated settings by option name (camelCase, as commander names them). */
  values: Record<string, ConfigValue>;
}

/** Checks one setting and returns it as the command line's parser would; a message when it is wrong. */
type Check = (value: unknown) => ConfigValue | { error: string };

const fraction =
  (allowZero = false): Check =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value) && (allowZero ? value >= 0 : value > 0) && value <= 1 ? value : { error: `must be a number in ${allowZero ? '[0' : '(0'}, 1]` };

const fractionOrOff: Check = (value) => (value === false ? false : fraction()(value));

const wholeNumber =
  (max: number): Check =>
  (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max ? value : { error: `must be a whole number from 1 to ${max}` };

const text: Check = (value) => (typeof value === 'string' && value.trim() !== '' ? value : { error: 'must be a non-empty string' });

const flag: Check = (value) => (typeof value === 'boolean' ? value : { error: 'must be true or false' });

const oneOf =
  (choices: readonly string[]): Check =>
  (value) =>
    typeof value === 'string' && choices.includes(value) ? value : { error: `must be one of ${choices.map((c) => `"${c}"`).join(', ')}` };

const globs: Check = (value) => {
  const list = typeof value === 'string' ? [value] : value;
  return Array.isArray(list) && list.length > 0 && list.every((g) => typeof g === 'string' && g !== '') ? (list as string[]) : { error: 'must be a glob or a list of globs' };
};

/** "20MB", "512KB" or a number of bytes. */
const size: Check = (value) => {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  const bytes = typeof value === 'string' ? parseByteSize(value) : undefined;
  return bytes && bytes > 0 ? bytes : { error: 'must be a size such as "20MB", "512KB" or a number of bytes' };
};

/** Every setting the file may hold; a command takes the ones it has an option for. */
const SETTINGS: Record<string, Check> = {
  textField: text,
  idField: text,
  shingle: wholeNumber(64),
  permutations: wholeNumber(1024),
  seed: wholeNumber(2 ** 31),
  threshold: fraction(),
  containment: fractionOrOff,
  figures: fractionOrOff,
  candidateThreshold: fraction(),
  bands: wholeNumber(1024),
  rows: wholeNumber(1024),
  corpusLines: flag,
  maxFileSize: size,
  include: globs,
  exclude: globs,
  canonical: oneOf(CANONICAL_POLICIES),
  failOnDuplicates: flag,
  maxDuplicateRatio: fraction(true),
  baseline: text,
  format: oneOf(CHECK_FORMATS),
};

export const CONFIG_KEYS = Object.keys(SETTINGS);

const camel = (key: string) => key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The known key closest to a misspelt one, for the error message. */
function closestKey(key: string): string | undefined {
  const distance = (a: string, b: string) => {
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
  };
  const best = CONFIG_KEYS.map((k) => ({ k, d: distance(key, k) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 3 ? best.k : undefined;
}

/** Validates raw settings; `where` names their origin in errors ("dedupe.config.json"). */
export function validateConfig(raw: unknown, where: string): Record<string, ConfigValue> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${where}: must be a JSON object of settings`);
  const values: Record<string, ConfigValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === '$schema') continue;
    const name = camel(key);
    const check = SETTINGS[name];
    if (!check) {
      const hint = closestKey(name);
      throw new ConfigError(`${where}: unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; known keys: ${CONFIG_KEYS.join(', ')}`);
    }
    const checked = check(value);
    if (typeof checked === 'object' && !Array.isArray(checked)) throw new ConfigError(`${where}: "${key}" ${checked.error}, got ${JSON.stringify(value)}`);
    values[name] = checked;
  }
  if ((values.bands === undefined) !== (values.rows === undefined)) throw new ConfigError(`${where}: "bands" and "rows" go together`);
  return values;
}

function parseJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path.basename(file)}: cannot read settings: ${(error as Error).message}`);
  }
}

/** Finds and validates the settings for a run started in `cwd`: dedupe.config.json first, then package.json. */
export function loadConfig(cwd: string): LoadedConfig {
  const configFile = path.join(cwd, CONFIG_FILE);
  if (existsSync(configFile)) return { file: configFile, values: validateConfig(parseJsonFile(configFile), CONFIG_FILE) };
  const packageFile = path.join(cwd, 'package.json');
  if (existsSync(packageFile)) {
    const manifest = parseJsonFile(packageFile) as Record<string, unknown> | null;
    if (manifest && typeof manifest === 'object' && 'dedupe' in manifest) return { file: packageFile, values: validateConfig(manifest.dedupe, 'package.json "dedupe"') };
  }
  return { values: {} };
}

/**
 * Uses the settings as the command's defaults: each applies unless the same option was given
 * on the command line. Settings for options the command does not have are left alone.
 */
export function applyConfig(command: Command, config: LoadedConfig): void {
  const names = new Set(command.options.map((o) => o.attributeName()));
  for (const [name, value] of Object.entries(config.values)) {
    if (!names.has(name) || command.getOptionValueSource(name) === 'cli') continue;
    command.setOptionValueWithSource(name, value, 'config');
  }
  // The file holding the settings is not an input, whatever folder is read.
  if (config.file) command.setOptionValueWithSource('configFile', config.file, 'config');
}
