/**
 * Clean stage: strip boilerplate and debris from a scraped document.
 */

import type { CleanedDocument, Removal, SourceFormat } from '../types.js';

export interface CleanOptions {
  /** Normalised-line keys that recur across many documents of the run (corpus-level boilerplate). */
  boilerplateLines?: ReadonlySet<string>;
}

const TERMINATOR = /^(related (posts|articles|stories|content|news)|you (might|may) also like|more from\b.*|read more|comments?( \(\d+\))?|\d+ comments?|leave a (comment|reply))\s*:?$/i;

function lineKey(line: string): string {
  return line.trim().toLowerCase().replace(/\s+/g, ' ');
}

function htmlToText(html: string): { text: string; title?: string } {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]?.trim();
  const body = html
    .replace(/<(script|style|nav|footer|header|aside|form)\b[\s\S]*?<\/\1>/gi, '\n')
    .replace(/<\/(p|div|h\d|li|article|section|br)>|<br\s*\/?>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
  return { text: body, title };
}

function markdownToText(md: string): string {
  return md
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/^\s*[-*+]\s+/gm, '');
}

function isProse(line: string): boolean {
  const words = line.trim().split(/\s+/).length;
  return words >= 8 && /[.!?"”’)]$/.test(line.trim());
}

export function cleanDocument(raw: string, format: SourceFormat, options: CleanOptions = {}): CleanedDocument {
  const removed: Removal[] = [];
  let text = raw;
  let title: string | undefined;
  if (format === 'html') ({ text, title } = htmlToText(raw));
  else if (format === 'markdown') text = markdownToText(raw);

  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const kept: string[] = [];
  let proseSeen = 0;
  let cut = false;
  const seen = new Set<string>();
  for (const line of lines) {
    if (line === '') {
      kept.push('');
      continue;
    }
    if (cut) {
      removed.push({ rule: 'terminator', text: line });
      continue;
    }
    if (TERMINATOR.test(line) && proseSeen >= 2) {
      cut = true;
      removed.push({ rule: 'terminator', text: line });
      continue;
    }
    if (options.boilerplateLines?.has(lineKey(line))) {
      removed.push({ rule: 'corpus-repeated', text: line });
      continue;
    }
    if (!isProse(line)) {
      if (title === undefined && proseSeen === 0 && line.split(/\s+/).length >= 3) {
        title = line;
        continue;
      }
      if (proseSeen === 0 || line.split(/\s+/).length < 4) {
        removed.push({ rule: 'edge-short-line', text: line });
        continue;
      }
    } else proseSeen++;
    const key = lineKey(line);
    if (isProse(line) && seen.has(key)) {
      removed.push({ rule: 'repeated-paragraph', text: line });
      continue;
    }
    seen.add(key);
    kept.push(line);
  }
  const body = kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  if (body.length < 0.05 * raw.trim().length) {
    return { text: text.trim(), title, removed: [], flags: ['guard:kept-original'] };
  }
  return { text: body, title, removed, flags: [] };
}

export class CorpusLineCounter {
  private readonly counts = new Map<string, number>();
  private documents = 0;

  add(raw: string, _format: SourceFormat): void {
    this.documents++;
    const keys = new Set<string>();
    for (const line of raw.split('\n')) {
      const key = lineKey(line);
      if (key.length > 0 && key.length < 200) keys.add(key);
    }
    for (const key of keys) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  boilerplate(minDocuments = Math.max(5, Math.ceil(this.documents * 0.01))): Set<string> {
    const out = new Set<string>();
    for (const [key, count] of this.counts) if (count >= minDocuments) out.add(key);
    return out;
  }
}
