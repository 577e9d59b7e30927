import { z } from 'zod';
import { isStorableText, UNSTORABLE_MESSAGE } from '../shared/text.js';

/** A revocation says why, for the record and the audit log. */
export const revokeSchema = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(3, 'Ghi lý do thu hồi (ít nhất 3 ký tự) / Give the reason (at least 3 characters)')
    .max(500, 'Lý do: tối đa 500 ký tự / Reason: at most 500 characters')
    .refine(isStorableText, UNSTORABLE_MESSAGE)
    .transform((s) => s.normalize('NFC')),
});
