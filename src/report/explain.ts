/** `dedupe explain` as terminal text. */

import { colours, printable } from './format.js';
import type { Explanation, Passage } from '../explain.js';

const PREVIEW = 160;

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW ? `${flat.slice(0, PREVIEW - 1)}…` : flat;
}

function listPassages(list: readonly Passage[], limit: number): string[] {
  const out = list.slice(0, limit).map((p) => `    [word ${p.start}, ${p.words} words] ${preview(p.text)}`);
  if (list.length > limit) out.push(`    … and ${list.length - limit} more`);
  if (list.length === 0) out.push('    (none)');
  return out;
}

/** The explanation as terminal text. */
export function formatExplanation(e: Explanation, colour: boolean): string {
  const c = colours(colour);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const f2 = (x: number) => x.toFixed(2);
  const out: string[] = [];
  const verdict = e.verdict.duplicate ? c.green.bold('DUPLICATES') : c.yellow.bold('DIFFERENT STORIES');
  out.push(`${verdict}: ${e.verdict.reason}`, '');
  if (e.run) {
    out.push(c.bold(`In the run over ${e.run.inputs.join(' ')}`) + ` (${e.run.documents} documents, ${e.run.corpusLines} corpus lines learnt and removed from both)`);
    out.push(`   ${e.run.summary}`, '');
  }
  for (const [label, d] of [['A', e.a], ['B', e.b]] as const) {
    out.push(`${c.bold(label)}  ${d.ref}${d.title ? `  "${preview(d.title)}"` : ''}${d.date !== null ? `  dated ${printable(preview(d.date))}` : ''}`);
    out.push(`   ${d.words} words, ${d.shingles} shingles after cleaning; cleaning kept ${d.cleanChars} of ${d.rawChars} characters${d.flags.length ? ` (${d.flags.join(', ')})` : ''}`);
  }
  out.push('');
  out.push(c.bold('Similarity') + ` (word ${e.params.shingleSize}-grams)`);
  out.push(`   Jaccard       estimated ${f2(e.estimated.jaccard)}  exact ${f2(e.exact.jaccard)}   (match at >= ${e.params.policy.threshold})`);
  out.push(`   containment   estimated ${f2(e.estimated.containment)}  exact ${f2(e.exact.containment)}   (share of the smaller in the larger; match at >= ${e.params.policy.containment ?? 'off'})`);
  out.push(`   lead          ${pct(e.estimated.lead)} of the opening word pairs shared (needed: ${e.params.policy.lead === null ? 'off' : pct(e.params.policy.lead)} unless Jaccard >= ${e.params.policy.nearIdentical})`);
  const s = e.estimated.slots;
  const gap = e.params.policy.dateGap;
  const gapRule = gap === null ? 'date gap off' : `different stories beyond ${gap} business day${gap === 1 ? '' : 's'}`;
  if (e.daysApart !== null) out.push(`   published     A ${e.a.published}, B ${e.b.published}: ${e.daysApart.toFixed(1)} days apart, ${(e.businessDaysApart ?? e.daysApart).toFixed(1)} business days (${gapRule})`);
  else out.push(`   published     ${[e.a, e.b].every((d) => d.published === null) ? 'neither has a publication date' : `only ${e.a.published !== null ? 'A' : 'B'} has a publication date`}: the date gap does not apply`);
  out.push(`   figures       ${pct(e.estimated.figures)} of the smaller figure set in the larger; ${s.shared} figure${s.shared === 1 ? '' : 's'} in the same words, ${s.changed} changed${s.datesChanged ? ` (${s.datesChanged} date${s.datesChanged === 1 ? '' : 's'})` : ''}`);
  out.push('');
  out.push(c.bold(`Shared passages (${e.exact.sharedShingles} shared shingles)`));
  out.push(...listPassages(e.shared, 8));
  out.push(c.bold('Only in A'));
  out.push(...listPassages(e.a.onlyHere, 8));
  out.push(c.bold('Only in B'));
  out.push(...listPassages(e.b.onlyHere, 8));
  for (const [label, d] of [['A', e.a], ['B', e.b]] as const) {
    out.push(c.bold(`Cleaning removed from ${label} (${d.removed.length} block${d.removed.length === 1 ? '' : 's'})`));
    if (d.removed.length === 0) out.push('    (nothing)');
    for (const r of d.removed.slice(0, 12)) out.push(`    ${c.dim(r.rule)}  ${preview(r.text)}`);
    if (d.removed.length > 12) out.push(`    … and ${d.removed.length - 12} more`);
  }
  return out.join('\n') + '\n';
}
