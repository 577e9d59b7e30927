import { z } from 'zod';
import { isStorableText, UNSTORABLE_MESSAGE } from '../shared/text.js';
import { email, name, optional, phone, taxCode, text } from './registrations.schemas.js';

/** An empty form field or null: the value is removed. */
const removable = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? null : v), schema.nullable().optional());

/**
 * An organiser corrects a registrant's details. A field left out stays as it is; null (or an
 * empty form field) removes an optional one. Answers are merged into those on file: an empty
 * answer removes it (a required question then says so).
 */
export const correctionSchema = z.strictObject({
  fullName: name(120).optional(),
  phone: phone.optional(),
  email: removable(email),
  gender: removable(z.enum(['female', 'male', 'other'])),
  birthYear: removable(z.coerce.number().int().min(1920)),
  district: removable(text(100)),
  facility: z
    .strictObject({ name: name(200), taxCode: optional(taxCode), district: optional(name(100)) })
    .nullable()
    .optional(),
  answers: z
    .record(z.string().max(64), z.union([z.string().max(2000).refine(isStorableText, UNSTORABLE_MESSAGE), z.number(), z.boolean()]))
    .optional(),
});
export type CorrectionInput = z.output<typeof correctionSchema>;

/** Moving up from the waiting list: past capacity only when said so. */
export const promoteSchema = z.strictObject({ overCapacity: z.boolean().optional() });
