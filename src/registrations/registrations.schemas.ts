import { z } from 'zod';
import { isStorableText, UNSTORABLE_MESSAGE } from '../shared/text.js';
import { isValidVnTaxCode, normalizeEmail, normalizeName, normalizeVnPhone, normalizeVnTaxCode } from './vn-fields.js';

/** The wording of consent a registrant ticks; stored with its version and time (no silent consent). */
export const CONSENT_VERSION = '2026-11-v1';

export const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine(isStorableText, UNSTORABLE_MESSAGE)
    .transform((s) => normalizeName(s));

export const name = (max: number) => text(max).pipe(z.string().min(2));

export const phone = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const e164 = normalizeVnPhone(value);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: 'Số điện thoại Việt Nam không hợp lệ / Not a valid Vietnamese phone number' });
      return z.NEVER;
    }
    return e164;
  });

export const email = z
  .string()
  .max(254)
  .transform((value, ctx) => {
    const normalized = normalizeEmail(value);
    if (!normalized) {
      ctx.addIssue({ code: 'custom', message: 'Email không hợp lệ / Not a valid email address' });
      return z.NEVER;
    }
    return normalized;
  });

export const taxCode = z
  .string()
  .max(20)
  .transform((value, ctx) => {
    const normalized = normalizeVnTaxCode(value);
    if (!normalized || !isValidVnTaxCode(normalized)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'Mã số thuế phải có 10 số (hoặc 10 số-3 số) và đúng số kiểm tra / Tax code must be 10 (or 10-3) digits with a valid check digit',
      });
      return z.NEVER;
    }
    return normalized;
  });

/** An empty form field means "not given". */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

export const personSchema = z.strictObject({
  fullName: name(120),
  phone,
  email: optional(email),
  gender: optional(z.enum(['female', 'male', 'other'])),
  // Not after this year either: the use case checks that by the injected clock.
  birthYear: optional(z.coerce.number().int().min(1920)),
  district: optional(text(100)),
  commune: optional(text(100)),
  position: optional(text(120)),
  idNumber: optional(
    z
      .string()
      .trim()
      .regex(/^\d{9}$|^\d{12}$/, 'CMND 9 số hoặc CCCD 12 số / ID card: 9 or 12 digits'),
  ),
});

export const facilitySchema = z.strictObject({
  name: name(200),
  taxCode: optional(taxCode),
  district: name(100),
  address: optional(text(300)),
  sector: optional(text(120)),
  representative: optional(text(120)),
  products: optional(text(1000)),
});

export const boothSchema = z.strictObject({
  type: z.enum(['standard', 'corner', 'outdoor']),
  size: z.enum(['3x3', '3x6', '6x6']),
  count: z.coerce.number().int().min(1).max(10),
  products: text(1000).pipe(z.string().min(2)),
});

export const registrationSchema = z.strictObject({
  person: personSchema,
  facility: facilitySchema.optional(),
  booth: boothSchema.optional(),
  answers: z
    .record(z.string().max(64), z.union([z.string().max(2000).refine(isStorableText, UNSTORABLE_MESSAGE), z.number(), z.boolean()]))
    .optional(),
  consent: z.strictObject({
    processing: z.literal(true, { error: 'Cần đồng ý xử lý dữ liệu cá nhân để đăng ký / Consent to processing is required' }),
    news: z.boolean().optional(),
  }),
  lang: z.enum(['vi', 'en']).optional(),
});

export type RegistrationInput = z.output<typeof registrationSchema>;

/** Who asks for their manage link again: the phone, email or ID they registered with (one at least). */
export const resendLinkSchema = z
  .strictObject({ phone: optional(phone), email: optional(email), idNumber: personSchema.shape.idNumber })
  .refine((c) => c.phone !== undefined || c.email !== undefined || c.idNumber !== undefined, {
    message: 'Cần số điện thoại, email hoặc số giấy tờ đã dùng khi đăng ký / Give the phone, email or ID you registered with',
    path: ['phone'],
  });

/**
 * An organiser hands a registration to its rightful owner, correcting who holds it: a field
 * left out stays; an empty or null email removes the one on file (it may be the wrong person's).
 */
export const holderSchema = z.strictObject({
  fullName: name(120).optional(),
  phone: phone.optional(),
  email: z.preprocess((v) => (v === '' ? null : v), email.nullable().optional()),
});
export type PersonInput = z.output<typeof personSchema>;
export type FacilityInput = z.output<typeof facilitySchema>;

export const adminListQuery = z.strictObject({
  status: z.enum(['confirmed', 'waitlisted', 'pending', 'cancelled', 'rejected']).optional(),
  q: z.string().trim().max(100).optional(),
  format: z.enum(['json', 'csv', 'xlsx']).optional(),
});
