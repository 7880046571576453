/**
 * Config keys that name Object.prototype's members are unknown keys like any other: no crash,
 * no silent acceptance, no prototype pollution.
 */

import { describe, expect, it } from 'vitest';
import { checkConfigValues } from '../../src/settings.js';
import { UsageError } from '../../src/types.js';

describe('config keys named after Object.prototype members', () => {
  it('are refused as unknown keys, and change no prototype', () => {
    for (const key of ['__proto__', 'constructor', 'valueOf', 'hasOwnProperty', 'toString', 'isPrototypeOf']) {
      // Parsed from JSON, as the config file is: "__proto__" is then an own key of the object.
      const raw: unknown = JSON.parse(`{"${key}": {"polluted": 1}}`);
      expect(() => checkConfigValues(raw, 'dedupe.config.json'), key).toThrow(UsageError);
      expect(() => checkConfigValues(raw, 'dedupe.config.json'), key).toThrow(`dedupe.config.json: unknown key "${key}"`);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
