/**
 * Config file: the options a team wants fixed, in `dedupe.config.json` in the working folder,
 * under a `"dedupe"` key in its package.json, or in the file given with `--config FILE`. Every key is checked before the run starts, by the
 * same rules as its flag (src/settings.ts), and an error names the file and the bad key.
 * Command-line flags win over the file.
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { describeFsError } from '../input/discover.js';
import { checkConfigValues, type SettingName, type SettingValue } from '../settings.js';
import { UsageError } from '../types.js';

export const CONFIG_FILE = 'dedupe.config.json';

/** A settings file that cannot be read: a usage error (exit 2), printed with the file's name. */
export class ConfigError extends UsageError {}

export interface LoadedConfig {
  /** The file the settings came from; undefined when there is none. */
  file?: string;
  /** Checked settings by name (camelCase, as commander names the options). */
  values: Partial<Record<SettingName, SettingValue>>;
}

function parseJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path.basename(file)}: cannot read settings: ${describeFsError(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path.basename(file)}: cannot read settings: ${(error as Error).message}`);
  }
}

/**
 * Finds and validates the settings for a run started in `cwd`: the file given with --config
 * (which must exist), else dedupe.config.json, then package.json's "dedupe" key.
 */
export function loadConfig(cwd: string, given?: string): LoadedConfig {
  if (given !== undefined) {
    const file = path.resolve(cwd, given);
    if (!existsSync(file)) throw new ConfigError(`--config ${given}: no such file`);
    return { file, values: checkConfigValues(parseJsonFile(file), given) };
  }
  const configFile = path.join(cwd, CONFIG_FILE);
  if (existsSync(configFile)) return { file: configFile, values: checkConfigValues(parseJsonFile(configFile), CONFIG_FILE) };
  const packageFile = path.join(cwd, 'package.json');
  if (existsSync(packageFile)) {
    const manifest = parseJsonFile(packageFile) as Record<string, unknown> | null;
    if (manifest && typeof manifest === 'object' && 'dedupe' in manifest) return { file: packageFile, values: checkConfigValues(manifest.dedupe, 'package.json "dedupe"') };
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
