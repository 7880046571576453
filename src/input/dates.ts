/**
 * Dates of documents: record fields and page metadata come as ISO texts, mail-style texts, epoch
 * numbers or ambiguous day/month orders. A date is a time only when it says which one:
 * `Date.parse` alone reads "12" as 2001-12-01 and 05/03/2024 as May 3.
 */

/** Epoch seconds and milliseconds that fall between 1973 and 2286: a bare number outside them is no date. */
const EPOCH_SECONDS = { min: 1e8, max: 1e10 };
const EPOCH_MILLISECONDS = { min: 1e11, max: 1e13 };

/** Milliseconds since the epoch of a number of seconds or milliseconds; undefined when it is neither. */
function epochTime(value: number): number | undefined {
  if (value >= EPOCH_SECONDS.min && value < EPOCH_SECONDS.max) return value * 1000;
  if (value >= EPOCH_MILLISECONDS.min && value < EPOCH_MILLISECONDS.max) return value;
  return undefined;
}

/** A record's date field as a text: an epoch number (or a text of its digits) as an ISO date, anything else as it is. */
export function dateText(value: string | number): string {
  const time = typeof value === 'number' ? epochTime(value) : /^\d{9,13}$/.test(value.trim()) ? epochTime(Number(value)) : undefined;
  return time === undefined ? String(value) : new Date(time).toISOString();
}

const NUMERIC_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
/**
 * A time with fractions of a second and letters glued after them, as newswire archives leave
 * routing codes behind the stamp ("27-MAR-1987 00:02:59.13RM"): the letters are no part of the
 * date. Glued to the fraction, they cannot be a zone or AM/PM (which `Date.parse` reads or refuses).
 */
const CODES_AFTER_SECONDS = /^(.*\d:\d\d:\d\d\.\d+)[A-Za-z][A-Za-z ]*$/;
const HAS_YEAR = /(?:^|\D)(?:1[6-9]|2\d)\d\d(?:\D|$)/;

/**
 * Milliseconds since the epoch of a date text; undefined when it is not a date or does not say
 * which one (no year, or a numeric day and month that could be either way round).
 */
export function timeOfDate(date: string | undefined): number | undefined {
  const text = date?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return epochTime(Number(text));
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric) {
    const [first, second, year] = numeric.slice(1).map(Number);
    // 25/03/2024 is day first, 03/25/2024 month first; 05/03/2024 is either.
    if (first <= 12 && second <= 12 && first !== second) return undefined;
    const [day, month] = first > 12 ? [first, second] : [second, first];
    if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
    return Date.UTC(year, month - 1, day);
  }
  if (!HAS_YEAR.test(text)) return undefined;
  let time = Date.parse(text);
  const stamp = Number.isNaN(time) ? CODES_AFTER_SECONDS.exec(text) : null;
  if (stamp) time = Date.parse(stamp[1]);
  return Number.isNaN(time) ? undefined : time;
}
