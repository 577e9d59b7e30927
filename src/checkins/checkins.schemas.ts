import { z } from 'zod';
import { pathIds, pathSerials } from '../http/validate.js';
import { facilitySchema, personSchema } from '../registrations/registrations.schemas.js';

const RESULTS = ['ok', 'already_checked_in', 'unknown', 'wrong_event', 'not_confirmed', 'cancelled', 'outside_window'] as const;
const printable = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[\x21-\x7e]+$/, 'Chỉ ký tự ASCII in được / printable ASCII only');

export const scanSchema = z.strictObject({
  code: z.string().min(1).max(200),
  eventId: z.uuid(),
  sessionId: z.uuid().optional(),
  deviceId: printable(1, 100),
  nonce: printable(8, 100),
  scannedAt: z.iso.datetime({ offset: true }).optional(),
});

/** Someone who arrives unregistered: the registration form's person (the phone optional), checked in at once. */
export const walkInSchema = z.strictObject({
  person: personSchema.extend({
    phone: z.preprocess((v) => (v === '' || v === null ? undefined : v), personSchema.shape.phone.optional()),
  }),
  facility: facilitySchema.optional(),
  sessionId: z.uuid().optional(),
  deviceId: printable(1, 100),
  nonce: printable(8, 100),
});

/** A walk-in admitted offline and uploaded later: its event, and the time the door admitted them. */
const queuedWalkIn = walkInSchema.extend({
  eventId: z.uuid(),
  scannedAt: z.iso.datetime({ offset: true }),
  offlineResult: z.enum(RESULTS).optional(),
});

export const batchSchema = z
  .strictObject({
    scans: z.array(scanSchema.extend({ scannedAt: z.iso.datetime({ offset: true }), offlineResult: z.enum(RESULTS).optional() })).max(500),
    walkIns: z.array(queuedWalkIn).max(100).optional(),
  })
  .refine((b) => b.scans.length > 0 || (b.walkIns?.length ?? 0) > 0, {
    message: 'Không có lượt quét nào / Nothing to upload',
    path: ['scans'],
  });

export const markSchema = z.strictObject({
  registrationId: z.uuid(),
  sessionId: z.uuid(),
  // absent: clears a mark made by mistake (a scan of the wrong person, a wrong tap).
  status: z.enum(['present', 'excused', 'absent']),
  note: z.string().trim().max(500).optional(),
});

/** The attendance page's own form: one mark, and the search to come back to. */
export const markForm = z.strictObject({
  registrationId: z.uuid(),
  sessionId: z.uuid(),
  status: z.enum(['present', 'excused', 'absent']),
  q: z.string().trim().max(100).optional(),
});

/** The attendance page's query: a name to look for, and the outcome of the last mark. */
export const attendancePageQuery = z.object({
  q: z.string().trim().max(100).optional(),
  marked: z.enum(['present', 'excused', 'absent']).optional(),
  unchanged: z.enum(['present', 'excused', 'absent']).optional(),
  who: z.uuid().optional(),
  session: z.uuid().optional(),
  error: z.enum(['attendance.session_not_open', 'attendance.already_present', 'registration.invalid_transition']).optional(),
  /** 1: the offline conflicts already looked at are listed too. */
  reviewed: z.literal('1').optional(),
  /** The conflict just marked reviewed, to confirm it (only if it is). */
  reviewedScan: z.coerce.number().int().positive().optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

export const searchQuery = z.strictObject({ q: z.string().trim().min(2).max(100) });

/** An event's id in a path. */
export const eventPath = pathIds({ id: 'event.not_found' });

/** An event's session in a path. */
export const sessionPath = pathIds({ id: 'event.not_found', sessionId: 'session.not_found' });

/** An offline conflict in a path: the event's id, and the scan's, a positive integer (else no such conflict). */
export const conflictPath = eventPath.extend(pathSerials({ scanId: 'conflict.not_found' }).shape);
