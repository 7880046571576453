import { describe, expect, it } from 'vitest';
import { rulesOf } from '../helpers/cleaning.js';
import { cleanDocument } from '../../src/clean/index.js';
import { lineRule } from '../../src/clean/rules.js';

// A story of four paragraphs, each long enough to score as prose (written for these tests).
const STORY = [
  'The county library at Brookfell will open on Sundays from next month, the council said on Tuesday, after a year in which volunteers kept the reading room running on Saturday afternoons without any pay.',
  'The extra day will be paid for by closing the mobile library van on Mondays, a change the council said would affect fewer than forty regular readers, most of whom live within a short walk of the main building.',
  'Readers who use the van were invited to a meeting at the village hall next week, where staff will explain how books can be reserved online and collected from the post office counter in each of the outlying villages.',
  'The head librarian said the reading room had never been busier, with students from the college using it as a quiet place to work and older readers coming in for the newspapers and the weekly history talks.',
];

const FINE_PRINT = {
  consent: 'By submitting this form, you agree to receive occasional emails from Brookfell Books and accept our Terms of Use and Privacy Policy.',
  cookies: 'We use cookies to give you the best experience on our website. By continuing to browse, you agree to our use of cookies.',
  affiliate: 'When you buy through links on this page, we may earn a small commission at no extra cost to you.',
};

describe('plain text: the site\'s fine print', () => {
  it('names a consent line, a cookie notice and an affiliate disclosure as fine print', () => {
    for (const line of Object.values(FINE_PRINT)) expect(lineRule(line, line.length)).toBe('fine-print');
  });

  it('names the lines of a consent manager\'s panel', () => {
    for (const line of ['Necessary Cookies', 'These cookies are needed for the site to work and cannot be switched off.', 'Cookie Settings Accept All Cookies']) {
      expect(lineRule(line, line.length)).toBe('fine-print');
    }
    for (const line of ['Oat Cookie Recipes', 'Leave the cookies to cool on a rack before you ice them.']) expect(lineRule(line, line.length)).toBeNull();
  });

  it('names a long consent paragraph too', () => {
    const long = `By clicking Subscribe, I consent to receive recurring marketing messages from Brookfell Books at the number provided. ${'Message frequency varies and you can reply STOP at any time to cancel further messages from us. '.repeat(3)}`.trim();
    expect(long.length).toBeGreaterThan(260);
    expect(lineRule(long, long.length)).toBe('fine-print');
  });

  it('removes the fine print set between and after the story\'s paragraphs', () => {
    const raw = [STORY[0], FINE_PRINT.affiliate, STORY[1], STORY[2], STORY[3], FINE_PRINT.consent, FINE_PRINT.cookies].join('\n\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(STORY.join('\n\n'));
    expect(rulesOf(res, 'fine-print').join('\n')).toContain('we may earn a small commission');
  });

  it('keeps the story\'s own sentences about cookies, consent and commissions', () => {
    const story = [
      'Shop owners on the high street said the new rules on commissions would cut their income, and several of them said they might earn a commission only on the largest orders from now on.',
      'The regulator said the use of cookies by advertisers would be reviewed next year, and that sites which set them without asking would be fined for every day they failed to comply.',
      '"By signing the agreement, we accept that the old market hall must close," the trust\'s chair said.',
    ];
    for (const line of story) expect(lineRule(line, line.length)).toBeNull();
  });

  it('keeps the fine print of a page that holds nothing else, rather than the whole page back', () => {
    const menu = ['Home', 'Village News', 'Sport', 'Weather', 'Letters', 'Contact us'];
    const raw = [...menu, '', FINE_PRINT.cookies, '', 'Privacy Policy', 'Terms of Use'].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(FINE_PRINT.cookies);
    expect(res.flags).not.toContain('guard:kept-original');
  });

  // A page whose story is a single paragraph and a short list, under a site's menu and above a
  // footer of long notices (written for these tests)
  const NOTICE_MENU = ['Home', 'Insurance', 'Pensions', 'Savings', 'About us', 'Contact us'];
  const NOTICE_STORY = [
    'Farm owners who hire out their tractors should check every driver before the keys change hands, and keep a written record of each hire so that a claim can be settled quickly if a machine is damaged.',
    'Topics covered in the leaflet:',
    'Checking a driver before the hire',
    'Hiring out machines by the day',
    'Reporting damage to the office',
  ];
  const NOTICE_FOOTER = [
    'Brookfell Mutual, 12 Mill Lane, Brookfell',
    'This leaflet is not intended to replace the advice of a qualified adviser. The information in it has been taken from sources we believe to be reliable, but its accuracy cannot be promised, and nothing in it should be read as an offer to sell any policy in any county where such an offer would not be allowed by law.',
    'The policies and services named on this site are described for general information only. Always speak to a qualified adviser before you buy any policy, and read the terms of each policy in full, since the cover each one gives, the price of it and what it leaves out vary from one county to the next and from one year to the next.',
    'Privacy Policy',
    FINE_PRINT.cookies,
  ];

  it('lets no footer of notices outscore a short story above it', () => {
    const raw = [...NOTICE_MENU, '', ...NOTICE_STORY, '', ...NOTICE_FOOTER].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toContain(NOTICE_STORY[0]);
    expect(res.text).not.toContain('qualified adviser');
    expect(res.text).not.toContain('cookies');
    expect(res.flags).not.toContain('guard:no-debris-signal');
  });

  it('keeps a disclaimer set right under the story as the story\'s own', () => {
    const disclaimer = 'This report is for informational purposes only and does not constitute legal advice on any matter raised in it.';
    const raw = [...NOTICE_MENU, '', ...STORY, disclaimer, '', 'Privacy Policy', 'Terms of Use'].join('\n\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe([...STORY, disclaimer].join('\n\n'));
  });
});
