/** The --json report checked against schema/report.schema.json. */

import Ajv2020 from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { ROOT } from './paths.js';

const schema = JSON.parse(readFileSync(path.join(ROOT, 'schema', 'report.schema.json'), 'utf8'));
// The report's clusters are cluster records: schema/cluster.schema.json, which it $refs.
const clusterSchema = JSON.parse(readFileSync(path.join(ROOT, 'schema', 'cluster.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).addSchema(clusterSchema).compile(schema);

/** Parses a --json report and fails the test when it does not match the schema. */
export function parseReport(stdout: string): Report {
  const report = JSON.parse(stdout) as Report;
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  return report;
}
