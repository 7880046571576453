/**
 * The settings of src/settings.ts as commander options: one declaration gives the flag, its
 * help, default and check, for every command that takes it.
 */

import { InvalidArgumentError, Option, type Command } from 'commander';
import { SETTING_NAMES, SETTINGS, settingFromText, type CommandName, type SettingName, type SettingValue } from '../settings.js';
import { UsageError } from '../types.js';
import { CONFIG_FILE } from './config-file.js';

/** A flag's text checked by its setting's rule, as commander wants a parse error. */
function parserFor(name: SettingName) {
  return (text: string, previous?: SettingValue): SettingValue => {
    try {
      const value = settingFromText(name, text);
      // A repeatable flag adds to the values given before it on the command line (not to a default).
      return SETTINGS[name].kind.repeatable && Array.isArray(previous) && Array.isArray(value) ? [...previous, ...value] : value;
    } catch (error) {
      if (error instanceof UsageError) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}

/** The commander options one setting gives: the flag, and its `--no-` form where it can be turned off. */
function optionsOf(name: SettingName): Option[] {
  const spec = SETTINGS[name];
  const off = spec.off === undefined ? [] : [new Option(`--no-${spec.flag}`, spec.off)];
  if (spec.offOnly) return off;
  const takesValue = spec.kind.placeholder !== undefined;
  const option = new Option(takesValue ? `--${spec.flag} <${spec.kind.placeholder}>` : `--${spec.flag}`, spec.help);
  // Commander checks choices itself, with a message that lists them.
  if (spec.kind.choices) option.choices([...spec.kind.choices]);
  else if (takesValue) option.argParser(parserFor(name));
  if (spec.default !== undefined) option.default(spec.default, spec.defaultLabel);
  return [option, ...off];
}

/** Adds every setting a command takes, in the settings' order. */
export function addSettings(command: Command, commandName: CommandName, only?: readonly SettingName[]): Command {
  for (const name of SETTING_NAMES) {
    if (!SETTINGS[name].commands.includes(commandName) || (only && !only.includes(name))) continue;
    for (const option of optionsOf(name)) command.addOption(option);
  }
  command.option('--config <file>', `settings file (default: ${CONFIG_FILE} in the working folder, else package.json's "dedupe" key); flags win over it`);
  return command;
}
