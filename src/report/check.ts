/**
 * The outcome of `dedupe check` as text, JSON (schema/check.schema.json) or GitHub Actions
 * annotations; every format ends with the one-line verdict.
 */

import type { CheckFormat, CheckResult, DuplicateFinding } from '../check.js';
import { plural, printable } from './format.js';

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

/** Annotations a check prints at most: one per cluster, the worst first. */
export const MAX_ANNOTATIONS = 10;
/** Rows of the job summary's table at most. */
export const MAX_SUMMARY_ROWS = 50;

/** A cluster with new copies: its size (every member), and its new copies, most similar first. */
interface NewDuplicateCluster {
  id: string;
  size: number;
  canonical: string;
  canonicalFile: string;
  fresh: DuplicateFinding[];
}

/** The clusters holding new duplicates, the worst first: the largest, then the most similar copy. */
export function newDuplicateClusters(check: CheckResult): NewDuplicateCluster[] {
  const byId = new Map<string, NewDuplicateCluster>();
  for (const f of check.findings) {
    let c = byId.get(f.cluster);
    if (!c) byId.set(f.cluster, (c = { id: f.cluster, size: 1, canonical: f.canonical, canonicalFile: f.canonicalFile, fresh: [] }));
    c.size++;
    if (!f.accepted) c.fresh.push(f);
  }
  const clusters = [...byId.values()].filter((c) => c.fresh.length > 0);
  for (const c of clusters) c.fresh.sort((a, b) => b.similarity - a.similarity || b.containment - a.containment);
  return clusters.sort((a, b) => b.size - a.size || b.fresh[0].similarity - a.fresh[0].similarity || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A Markdown table cell: pipes escaped, one line, in code. */
const cell = (s: string) => `\`${s.replace(/[\r\n]+/g, ' ').replace(/`/g, "'").replace(/\|/g, '\\|')}\``;

/**
 * The GitHub Actions job summary (Markdown, appended to $GITHUB_STEP_SUMMARY): the verdict, the
 * counts, and the clusters with new copies, the worst first, at most MAX_SUMMARY_ROWS rows.
 */
export function formatJobSummary(check: CheckResult): string {
  const clusters = newDuplicateClusters(check);
  const lines = [
    `## dedupe check: ${check.verdict === 'fail' ? 'FAIL' : 'PASS'}`,
    '',
    verdictLine(check).replace(/^dedupe check: (FAIL|PASS): /, ''),
    '',
    '| documents | duplicates | new | accepted by the baseline | allowed share | clusters with new copies | skipped |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    `| ${check.documents} | ${check.duplicates} | ${check.newDuplicates} | ${check.accepted} | ${percent(check.maxDuplicateRatio)} | ${clusters.length} | ${check.skipped.length} |`,
  ];
  if (clusters.length) {
    lines.push('', '| cluster | size | canonical | new copies |', '| --- | --- | --- | --- |');
    for (const c of clusters.slice(0, MAX_SUMMARY_ROWS)) {
      const copies = c.fresh.slice(0, 5).map((f) => `${cell(f.file + (f.line ? `:${f.line}` : ''))} (${f.similarity.toFixed(2)})`);
      if (c.fresh.length > 5) copies.push(`and ${c.fresh.length - 5} more`);
      lines.push(`| ${c.id} | ${c.size} | ${cell(c.canonicalFile)} | ${copies.join(', ')} |`);
    }
    if (clusters.length > MAX_SUMMARY_ROWS) lines.push('', `${plural(clusters.length - MAX_SUMMARY_ROWS, 'more cluster')} not shown: run \`dedupe check --format text\` for the full list.`);
  }
  return lines.join('\n') + '\n\n';
}

/** GitHub workflow commands: `%`, CR and LF escaped in messages, also `:` and `,` in properties. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** Control characters other than line breaks shown escaped (GitHub renders escape sequences in logs); line breaks are the workflow syntax's to escape. */
const printableInLog = (text: string) => text.replace(/[^\n\r]+/g, printable);

function annotation(level: 'error' | 'warning', properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(printableInLog(String(v)))}`)
    .join(',');
  return `::${level}${props ? ` ${props}` : ''}::${escapeData(printableInLog(message))}`;
}


export function formatCheck(check: CheckResult, format: CheckFormat): string {
  if (format === 'json') return JSON.stringify({ ...check, summary: verdictLine(check) }, null, 2) + '\n';
  const lines: string[] = [];
  const fresh = check.findings.filter((f) => !f.accepted);
  if (format === 'github') {
    // New duplicates are errors when they fail the check, warnings when within the allowed ratio.
    const level = check.verdict === 'fail' ? 'error' : 'warning';
    const clusters = newDuplicateClusters(check);
    for (const c of clusters.slice(0, MAX_ANNOTATIONS)) {
      const f = c.fresh[0];
      const others = c.fresh.length > 1 ? ` and ${plural(c.fresh.length - 1, 'other new copy', 'other new copies')}: ${c.fresh.slice(1).map((o) => o.id).join(', ')}` : '';
      lines.push(annotation(level, { file: f.file, line: f.line, title: `Duplicate of ${f.canonicalFile}` }, describeFinding(f) + others));
    }
    if (clusters.length > MAX_ANNOTATIONS) {
      const rest = clusters.slice(MAX_ANNOTATIONS);
      lines.push(`dedupe check: ${plural(rest.length, 'more duplicate cluster')} (${plural(rest.reduce((n, c) => n + c.fresh.length, 0), 'new copy', 'new copies')}) not annotated; GitHub shows ${MAX_ANNOTATIONS} annotations at most (see the job summary, or --format text)`);
    }
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
