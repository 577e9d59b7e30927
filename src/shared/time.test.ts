import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { PROGRAMME_ZONE, toIsoInZone } from './time.js';

const viaZoneDatabase = (at: Date) => DateTime.fromJSDate(at, { zone: PROGRAMME_ZONE }).toISO({ suppressMilliseconds: true });

describe('toIsoInZone', () => {
  it('writes Vietnam wall time with +07:00, milliseconds only when there are some', () => {
    expect(toIsoInZone(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01T00:30:00+07:00');
    expect(toIsoInZone(new Date('2026-03-05T01:02:03.045Z'))).toBe('2026-03-05T08:02:03.045+07:00');
  });

  it('agrees with the zone database for every instant, before and after the 1975 change', () => {
    const from = Date.UTC(1960, 0, 1);
    const to = Date.UTC(2060, 0, 1);
    for (let i = 0; i < 20_000; i++) {
      const at = new Date(from + Math.floor(Math.random() * (to - from)));
      if (i % 2) at.setUTCMilliseconds(0);
      expect(toIsoInZone(at)).toBe(viaZoneDatabase(at));
    }
    // The last hours of year 9999 in Hanoi are already year 10000.
    const late = new Date(Date.UTC(9999, 11, 31, 20));
    expect(toIsoInZone(late)).toBe(viaZoneDatabase(late));
    // Around the day the offset last changed (13 June 1975).
    for (let ms = Date.UTC(1975, 5, 12, 12); ms < Date.UTC(1975, 5, 13, 6); ms += 15 * 60_000) {
      expect(toIsoInZone(new Date(ms))).toBe(viaZoneDatabase(new Date(ms)));
    }
  });
});
