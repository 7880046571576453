import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../src/clean/index.js';

// One invented story, each paragraph long enough to count as one of the story's paragraphs.
const STORY = [
  'The ferry company that serves the three islands of the northern sound will replace its oldest boat next spring, after the harbour board agreed to pay for half of a new vessel built at the yard across the bay.',
  'The old boat, launched more than forty years ago, has broken down four times this winter, and on two of those days the islanders who work on the mainland could not reach their jobs or come home until the evening tide.',
  'The new vessel will carry twice as many cars and will have a covered deck for foot passengers, who today wait in the rain on the open deck for the whole of the crossing when the weather turns during the afternoon.',
  'The board said the yard would start cutting steel in the autumn, and that the company expected the boat to enter service before the summer timetable begins, when visitors to the islands outnumber the residents.',
  'Islanders welcomed the decision at a meeting in the school hall, though several asked the company to keep the old boat as a spare for the days when the new one is taken out of the water for its yearly inspection.',
  'The company said it would consider selling the old boat to a museum on the mainland, which has asked for it, or keeping it in reserve for one more winter while the crews learn to handle the new vessel in a heavy sea.',
  'Fares will not rise when the new boat enters service, the company said, although the price of a season ticket for a car will be reviewed at the end of its first full year once the cost of running it is known.',
  'The harbour board will also lengthen the slipway on the middle island so that the larger boat can load at low water, work that it expects to finish during the quiet weeks of the late autumn before the first storms.',
  'The yard across the bay last built a ferry of this size twenty years ago, and its manager said the order would keep its welders and fitters in work through the winter, when repairs to fishing boats usually slow down.',
  'The old boat will make its last scheduled crossing on the first weekend of the summer timetable, and the company has invited the islanders who travelled on its maiden voyage to sail on that crossing as its guests.',
];

// A site's catalog menu: a short label over a one-sentence tagline, again and again.
const MENU = [
  'Route Planner',
  'Find the fastest crossing for any day of the week.',
  'Season Tickets',
  'Save on every trip with a yearly pass.',
  'Freight Services',
  'Move goods between the islands on a fixed schedule.',
  'Group Travel',
  'Bring a class or a club across at one price.',
  'See all services',
  'Accessibility',
  'Ramps, lifts and seating for every passenger.',
  'Gift Cards',
  'Give a crossing to someone you love.',
  'Live Departures',
  'Check delays before you leave home.',
];

describe('plain text: a catalog menu of labels and taglines', () => {
  it('drops the menu above the story and keeps the story whole', () => {
    const banner =
      'Our winter timetable is out now, with extra sailings on Friday evenings, later returns on Sundays and a new early crossing for the market traders of the outer island.';
    const raw = [banner, '', MENU.join('\n'), '', STORY.join('\n\n')].join('\n');
    const res = cleanDocument(raw, 'text');
    for (const p of STORY) expect(res.text).toContain(p);
    expect(res.text).not.toContain('Find the fastest crossing');
    expect(res.text).not.toContain('Check delays before you leave home.');
  });

  it('drops the menu after the story', () => {
    const raw = [STORY.join('\n\n'), '', MENU.join('\n')].join('\n');
    const res = cleanDocument(raw, 'text');
    for (const p of STORY) expect(res.text).toContain(p);
    expect(res.text).not.toContain('Save on every trip');
    expect(res.text).not.toContain('Give a crossing to someone you love.');
  });

  it("keeps the story's own tips: a heading over two full sentences is no tagline", () => {
    const tips = [
      'Book Early',
      'Summer sailings fill up by May on the busiest days of the year. Reserve a car space as soon as the timetable is out.',
      'Travel Light',
      'Foot passengers board first and pay less for the crossing than drivers. Bicycles travel free on every sailing.',
      'Check The Tide',
      'The evening sailing may leave half an hour early on a low tide. The harbour office posts the changes by noon.',
      'Bring A Layer',
      'The wind on the sound is colder than on land in every season of the year. The covered deck will help in time.',
      'Ask The Crew',
      'The crew know every rock and seal colony on the way across the sound. Most of them grew up on the islands.',
      'Stay The Night',
      'The islands have three small inns and a campsite by the northern beach. All of them take bookings by phone.',
    ];
    const raw = [STORY.join('\n\n'), '', tips.join('\n')].join('\n');
    const res = cleanDocument(raw, 'text');
    for (const line of tips.filter((t) => t.length > 40)) expect(res.text).toContain(line);
  });

  it('keeps a run of labels and taglines in the middle of the story', () => {
    const raw = [STORY.slice(0, 3).join('\n\n'), '', MENU.join('\n'), '', STORY.slice(3).join('\n\n')].join('\n');
    const res = cleanDocument(raw, 'text');
    for (const p of STORY) expect(res.text).toContain(p);
    expect(res.text).toContain('Save on every trip with a yearly pass.');
  });
});
