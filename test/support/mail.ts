import ICAL from 'ical.js';
import jsQRModule from 'jsqr';
import type { Kysely } from 'kysely';
import type { ParsedMail } from 'mailparser';
import { PNG } from 'pngjs';
import type { Database } from '../../src/db/schema.js';
import { createDispatcher, type DispatcherOptions } from '../../src/mail/dispatcher.js';
import type { MailTransport } from '../../src/mail/transport.js';
import { deriveKeys } from '../../src/shared/keys.js';
import { silentLogger } from '../../src/shared/logger.js';
import type { buildTestApp } from './app.js';

// jsqr ships CommonJS typed as an ES module: the callable is on .default at run time.
const jsQR = jsQRModule.default;

/** A dispatcher over the test app's database, config and clock. */
export function testDispatcher(
  t: Pick<ReturnType<typeof buildTestApp>, 'deps' | 'clock'>,
  transport: MailTransport,
  overrides: Partial<DispatcherOptions> & { db?: Kysely<Database> } = {},
) {
  return createDispatcher({
    db: t.deps.db,
    config: t.deps.config,
    keys: deriveKeys(t.deps.config),
    clock: t.clock,
    log: silentLogger,
    transport,
    ...overrides,
  });
}

export interface ParsedInvite {
  method: string;
  events: { uid: string; sequence: number; summary: string; start: Date; end: Date; status: string | null; recurrenceId: boolean }[];
  dtstamps: string[];
}

/** Parses an .ics with ical.js (a standards parser), resolving TZIDs from its own VTIMEZONEs. */
export function parseInvite(ics: string): ParsedInvite {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const vevents = calendar.getAllSubcomponents('vevent');
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    events: vevents.map((v) => {
      const e = new ICAL.Event(v);
      return {
        uid: e.uid,
        sequence: e.sequence,
        summary: e.summary,
        start: e.startDate.toJSDate(),
        end: e.endDate.toJSDate(),
        status: (v.getFirstPropertyValue('status') as string | null) ?? null,
        recurrenceId: e.isRecurrenceException(),
      };
    }),
    // As written on the wire: DTSTAMP must be UTC ("…Z").
    dtstamps: [...ics.matchAll(/^DTSTAMP[:;](.*)$/gm)].map((m) => m[1]!.trim()),
  };
}

/** The calendar part of a received email, parsed; null when there is none. */
export function inviteOf(mail: ParsedMail): ParsedInvite | null {
  const part = mail.attachments.find((a) => a.contentType.startsWith('text/calendar') || a.contentType === 'application/ics');
  return part ? parseInvite(part.content.toString('utf8')) : null;
}

/** The text the inline QR image decodes to, or null. */
export function qrOf(mail: ParsedMail): string | null {
  const png = mail.attachments.find((a) => a.contentType === 'image/png');
  return png ? qrTextOfPng(png.content) : null;
}

/** What a QR code in a PNG says, read by jsQR as the scanner page reads it; null if none. */
export function qrTextOfPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

/** Mail received by recipient address. */
export function byRecipient(mails: ParsedMail[]): Map<string, ParsedMail[]> {
  const map = new Map<string, ParsedMail[]>();
  for (const m of mails) {
    const to = Array.isArray(m.to) ? m.to[0] : m.to;
    const address = to?.value[0]?.address ?? '';
    map.set(address, [...(map.get(address) ?? []), m]);
  }
  return map;
}
