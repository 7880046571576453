/**
 * The outcome of `dedupe check` as text, JSON (schema/check.schema.json) or GitHub Actions
 * annotations; every format ends with the one-line verdict.
 */

import type { CheckFormat, CheckResult, DuplicateFinding } from '../check.js';
import { plural } from './format.js';

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

export function verdictLine(check: CheckResult): string {
  const limit = check.newDuplicates === 0 ? '' : ` (${percent(check.ratio)}, ${check.verdict === 'fail' ? 'over' : 'within'} the allowed ${percent(check.maxDuplicateRatio)})`;
  const parts = [`${plural(check.newDuplicates, 'new duplicate')} in ${plural(check.documents, 'document')}${limit}`];
  if (check.accepted) parts.push(`${check.accepted} accepted by the baseline`);
  if (check.staleBaselineClusters) parts.push(`${plural(check.staleBaselineClusters, 'baseline cluster')} no longer found`);
  if (check.skipped.length) parts.push(`${plural(check.skipped.length, 'input')} skipped`);
  return `dedupe check: ${check.verdict === 'fail' ? 'FAIL' : 'PASS'}: ${parts.join('; ')}`;
}

function describeFinding(f: DuplicateFinding): string {
  return `${f.id} is a copy of ${f.canonical} (cluster ${f.cluster}, similarity ${f.similarity.toFixed(2)}, containment ${f.containment.toFixed(2)})`;
}

/** GitHub workflow commands: `%`, CR and LF escaped in messages, also `:` and `,` in properties. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function annotation(level: 'error' | 'warning', properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${level}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/** Names printed one per line: newlines and other control characters shown escaped. */
const printable = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));

export function formatCheck(check: CheckResult, format: CheckFormat): string {
  if (format === 'json') return JSON.stringify({ ...check, summary: verdictLine(check) }, null, 2) + '\n';
  const lines: string[] = [];
  const fresh = check.findings.filter((f) => !f.accepted);
  if (format === 'github') {
    // New duplicates are errors when they fail the check, warnings when within the allowed ratio.
    const level = check.verdict === 'fail' ? 'error' : 'warning';
    for (const f of fresh) lines.push(annotation(level, { file: f.file, line: f.line, title: `Duplicate of ${f.canonicalFile}` }, describeFinding(f)));
    for (const s of check.skipped) lines.push(annotation('warning', { title: 'Skipped input' }, `${s.path}: ${s.reason}`));
  } else {
    const where = (f: DuplicateFinding) => printable(`${f.file}${f.line ? `:${f.line}` : ''}${f.line || f.id.includes(':#') ? ` (${f.id})` : ''}`);
    if (fresh.length) lines.push('New duplicates:', ...fresh.map((f) => `  ${where(f)}  copy of ${printable(f.canonicalFile)}  (${f.cluster}, similarity ${f.similarity.toFixed(2)}, containment ${f.containment.toFixed(2)})`));
    const accepted = check.findings.filter((f) => f.accepted);
    if (accepted.length) lines.push(`Accepted by the baseline: ${accepted.length} ${accepted.length === 1 ? 'duplicate' : 'duplicates'}`);
    if (check.skipped.length) lines.push('Skipped:', ...check.skipped.map((s) => `  ${printable(s.path)}: ${printable(s.reason)}`));
  }
  lines.push(verdictLine(check));
  return lines.join('\n') + '\n';
}
