import { DateTime } from 'luxon';

/** The programme's time zone: every time a person reads is shown in it, whatever `TZ` is. */
export const PROGRAMME_ZONE = 'Asia/Ho_Chi_Minh';

export type Lang = 'vi' | 'en';

export function inZone(at: Date): DateTime {
  return DateTime.fromJSDate(at, { zone: PROGRAMME_ZONE });
}

// Vietnam has kept UTC+7 without daylight saving since 13 June 1975: from then on the offset
// is a constant and formatting needs no zone database (the door answers on every scan).
const FIXED_OFFSET_SINCE = Date.UTC(1975, 5, 12, 17);
const OFFSET_MS = 7 * 3600_000;

/** ISO 8601 with the +07:00 offset, as the API contract asks. */
export function toIsoInZone(at: Date): string {
  const ms = at.getTime();
  if (ms >= FIXED_OFFSET_SINCE && ms + OFFSET_MS < Date.UTC(10000, 0, 1)) {
    const local = new Date(ms + OFFSET_MS).toISOString(); // "YYYY-MM-DDTHH:mm:ss.sssZ" in +07:00 wall time
    return `${ms % 1000 === 0 ? local.slice(0, 19) : local.slice(0, 23)}+07:00`;
  }
  return inZone(at).toISO({ suppressMilliseconds: true }) ?? at.toISOString();
}

/** A luxon time as ISO 8601; an invalid one (a bad zone or date) is a bug, not a value to pass on. */
export function isoOf(dt: DateTime): string {
  const iso = dt.toISO();
  if (iso === null) throw new Error(`invalid time: ${dt.invalidExplanation ?? dt.invalidReason ?? 'unknown'}`);
  return iso;
}

/** "Thứ Hai, 07/12/2026" / "Monday, 7 Dec 2026". */
export function formatDay(at: Date, lang: Lang): string {
  const dt = inZone(at).setLocale(lang === 'vi' ? 'vi-VN' : 'en-GB');
  return lang === 'vi' ? dt.toFormat('cccc, dd/MM/yyyy') : dt.toFormat('cccc, d LLL yyyy');
}

export function formatTime(at: Date): string {
  return inZone(at).toFormat('HH:mm');
}

export function formatDateTime(at: Date, lang: Lang): string {
  return `${formatTime(at)} ${formatDay(at, lang)}`;
}

/** First instant and first instant after a month "YYYY-MM" in the programme's zone. */
export function monthRange(month: string): { from: Date; to: Date } {
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone: PROGRAMME_ZONE });
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

/** A calendar day "YYYY-MM-DD" as the instant it starts in the programme's zone. */
export function startOfDay(day: string): Date {
  return DateTime.fromISO(day, { zone: PROGRAMME_ZONE }).startOf('day').toJSDate();
}

/** When a session's door opens: `opensMinutes` before it starts (CHECKIN_OPENS_MINUTES_BEFORE). */
export function doorOpensAt(startsAt: Date, opensMinutes: number): Date {
  return new Date(new Date(startsAt).getTime() - opensMinutes * 60_000);
}
