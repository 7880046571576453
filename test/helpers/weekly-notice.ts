/**
 * An invented weekly notice for the date-gap tests: a central bank's tender whose wording and
 * figures are the same every week, so only the publication date tells two weeks apart.
 */

export const NOTICE = [
  'The Corvane Reserve Bank said it will offer a repurchase tender of 4.5 billion crowns at a fixed rate of 2.75 pct for settlement on the usual day, with bids due at the usual hour.',
  'The bank said the tender would be allotted in full and that banks should submit their bids through the settlement system before the cut-off.',
  'Operations of this kind are held every week to steady the money market, and the bank said conditions remained orderly, with overnight rates close to the tender rate.',
].join('\n\n');

/** Week 1 and a re-send two hours later; week 2 and an outlet's copy the next day. */
export const NOTICE_RECORDS = [
  { id: 'tender-week-1', title: 'Corvane Reserve Bank sets weekly tender', date: '2031-05-05T09:30:00Z', text: NOTICE },
  { id: 'tender-week-1-resend', title: 'Corvane Reserve Bank sets weekly tender', date: '2031-05-05T11:05:00Z', text: NOTICE },
  { id: 'tender-week-2', title: 'Corvane Reserve Bank sets weekly tender', date: '2031-05-12T09:30:00Z', text: NOTICE },
  { id: 'tender-week-2-outlet', title: 'Reserve bank tender', date: '2031-05-13T08:00:00Z', text: `${NOTICE}\n\nThe Valley Ledger carries this notice for its readers every week.` },
];
