import { describe, expect, it } from 'vitest';
import { isStampLine, lineRule } from '../../src/clean/rules.js';

describe('line rules: stamp lines with a label and a byline beside the date', () => {
  it('names a labelled stamp wherever it stands in a short line', () => {
    for (const line of [
      'Updated 6:40 am MST, Thursday, April 2, 2026',
      'FIRST POSTED: 07:15, Fri, Mar 6, 2026 | UPDATED: 09:02, Fri, Mar 6, 2026',
      'Posted by Odile Ferrand on September 14, 2025',
      'By Tomas Vell. Last Updated on Feb. 2, 2026',
      'Gazette Desk | Published: 3 March 2026, 11:05 AM',
    ]) {
      expect(isStampLine(line, line.length)).toBe(true);
      expect(lineRule(line, line.length)).toBe('timestamp');
    }
  });

  it('keeps a clause that says when something was updated, a heading without a date, and a sentence', () => {
    for (const line of [
      'The timetable was updated on March 3, 2026 to add the late trains',
      'Harbour Survey Results: Updated for 2026',
      'The museum posted on May 2, 2026 that its doors would stay shut.',
    ]) expect(isStampLine(line, line.length)).toBe(false);
  });
});
