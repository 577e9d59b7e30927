import { z } from 'zod';
import { isStorableText, UNSTORABLE_MESSAGE } from '../shared/text.js';

export const BOOTH_TYPES = ['standard', 'corner', 'outdoor', 'island'] as const;
export const SUPPORT_LEVELS = ['fully_supported', 'part_supported', 'paid'] as const;
/** The most booths one request (or one bulk form) makes. */
export const MAX_BOOTHS_AT_ONCE = 500;

const CODE = /^[A-Z0-9][A-Z0-9-]{0,19}$/;
const codeSchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(CODE, 'Mã gian: chữ và số, tối đa 20 ký tự (vd. A01) / Booth code: letters and digits, up to 20 (e.g. A01)'));

/** "3x3", "3×3", "3 x 6" → "3x3" (metres). */
const sizeSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/\s+/g, '').replace(/[×X*]/g, 'x'))
  .pipe(z.string().regex(/^\d{1,2}(\.\d)?x\d{1,2}(\.\d)?$/, 'Kích thước dạng 3x3 (mét) / Size as 3x3 (metres)'));

const zoneSchema = z
  .string()
  .trim()
  .max(40, 'Khu: tối đa 40 ký tự / Zone: at most 40 characters')
  .refine(isStorableText, UNSTORABLE_MESSAGE)
  .transform((s) => s.normalize('NFC'));

const boothSchema = z.strictObject({
  code: codeSchema,
  type: z.enum(BOOTH_TYPES).default('standard'),
  size: sizeSchema.default('3x3'),
  zone: zoneSchema.default(''),
  supportLevel: z.enum(SUPPORT_LEVELS).default('paid'),
});

/** POST /api/v1/admin/events/:id/booths */
export const createBoothsSchema = z.strictObject({ booths: z.array(boothSchema).min(1).max(MAX_BOOTHS_AT_ONCE) });
export type CreateBoothsInput = z.output<typeof createBoothsSchema>;

/** POST /api/v1/admin/registrations/:id/booths */
export const allocateSchema = z.strictObject({
  boothIds: z
    .array(z.uuid().transform((s) => s.toLowerCase()))
    .min(1)
    .max(50),
});

/**
 * "A01–A40" (en dash, hyphen or ".."), or codes separated by commas, or both: "A01–A10, B1".
 * The two ends of a range share their letters; the numbers keep the first end's padding.
 */
export function expandCodes(text: string): { codes: string[] } | { error: string } {
  const codes: string[] = [];
  for (const raw of text.split(/[,;\n]/)) {
    const part = raw.trim().toUpperCase();
    if (!part) continue;
    const range = /^([A-Z]*)(\d+)\s*(?:–|—|\.\.|-(?=\s*[A-Z]*\d+$))\s*([A-Z]*)(\d+)$/.exec(part);
    if (range) {
      const [, prefix = '', from = '', prefix2 = '', to = ''] = range;
      if (prefix2 && prefix2 !== prefix) return { error: `${part}: hai đầu khác chữ / the two ends have different letters` };
      const a = Number(from);
      const b = Number(to);
      if (b < a) return { error: `${part}: số cuối nhỏ hơn số đầu / the end is before the start` };
      if (b - a + 1 + codes.length > MAX_BOOTHS_AT_ONCE)
        return { error: `Tối đa ${MAX_BOOTHS_AT_ONCE} gian một lần / At most ${MAX_BOOTHS_AT_ONCE} booths at once` };
      for (let n = a; n <= b; n++) codes.push(`${prefix}${String(n).padStart(from.length, '0')}`);
    } else {
      codes.push(part);
    }
  }
  if (codes.length === 0) return { error: 'Cần ít nhất một mã gian, vd. A01–A40 / Give at least one code, e.g. A01–A40' };
  const bad = codes.find((c) => !CODE.test(c));
  if (bad) return { error: `${bad}: mã gian chỉ gồm chữ và số / a booth code is letters and digits` };
  return { codes };
}

/** The page's bulk form: a range of codes and what they share. */
export const bulkFormSchema = z.strictObject({
  codes: z
    .string()
    .max(2000)
    .transform((value, ctx) => {
      const expanded = expandCodes(value);
      if ('error' in expanded) {
        ctx.addIssue({ code: 'custom', message: expanded.error });
        return z.NEVER;
      }
      return expanded.codes;
    }),
  type: z.enum(BOOTH_TYPES),
  size: sizeSchema,
  zone: zoneSchema,
  supportLevel: z.enum(SUPPORT_LEVELS),
});

const oneOrMany = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.uuid()).max(50));

/** The map's allocation form: a request, and the booths ticked on the map (or none: the app picks). */
export const allocateFormSchema = z.strictObject({
  registrationId: z.uuid({ error: 'Chọn một yêu cầu gian hàng / Choose a booth request' }),
  boothIds: oneOrMany,
  pick: z.enum(['chosen', 'auto']).default('chosen'),
  type: z.preprocess((v) => (v === '' ? undefined : v), z.enum(BOOTH_TYPES).optional()),
  zone: z.preprocess((v) => (v === '' ? undefined : v), zoneSchema.optional()),
});

export const moveFormSchema = z.strictObject({ toBoothId: z.uuid({ error: 'Chọn gian mới / Choose the new booth' }) });
