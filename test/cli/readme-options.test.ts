/**
 * The README's options table and `dedupe --help` come from the same options: every long flag of
 * the main command is in the table, every flag in the table exists, and each setting's default
 * in the table is the one the settings table (src/settings.ts) gives.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { SETTINGS, type SettingName } from '../../src/settings.js';
import { ROOT } from '../helpers/paths.js';

/** The rows of the README's options table: the flags named in the first cell, and the default cell. */
function readmeOptionRows(): { flags: string[]; defaultCell: string }[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('| option | default | meaning |');
  expect(start, 'the README has an options table').toBeGreaterThan(0);
  const rows = readme.slice(start).split('\n').slice(2);
  const table = rows.slice(0, rows.findIndex((line) => !line.startsWith('|')));
  return table.map((line) => {
    const [first, defaultCell] = line.split('|').slice(1, 3);
    return { flags: first.match(/--[a-z][a-z-]*/g) ?? [], defaultCell: defaultCell.replace(/`/g, '').trim() };
  });
}

/** Long flags of the main command, as --help lists them (the version and help flags aside). */
function mainCommandFlags(): string[] {
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {} };
  const program = buildProgram(io, () => undefined);
  return program.options.map((o) => o.long!).filter((flag) => flag !== '--version' && flag !== '--help');
}

describe('README options table', () => {
  const rows = readmeOptionRows();
  const inReadme = new Set(rows.flatMap((r) => r.flags));

  it('lists every flag of dedupe --help', () => {
    const missing = mainCommandFlags().filter((flag) => !inReadme.has(flag));
    expect(missing).toEqual([]);
  });

  it('lists no flag dedupe does not have', () => {
    const known = new Set(mainCommandFlags());
    expect([...inReadme].filter((flag) => !known.has(flag))).toEqual([]);
  });

  it("gives each setting's default as the settings table does", () => {
    const byFlag = new Map(Object.entries(SETTINGS).map(([name, spec]) => [`--${spec.flag}`, name as SettingName]));
    let compared = 0;
    for (const row of rows) {
      const settings = row.flags.map((flag) => byFlag.get(flag)).filter((name): name is SettingName => name !== undefined);
      if (settings.length !== 1) continue;
      const spec = SETTINGS[settings[0]];
      if (spec.offOnly || spec.default === undefined || typeof spec.default === 'boolean') continue;
      const shown = spec.defaultLabel ?? String(spec.default);
      expect(row.defaultCell, `${row.flags.join(' ')}`).toBe(shown.replace(/^available cores$/, 'cores'));
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(10);
  });
});
