import { z } from 'zod';
import { isStorableText, UNSTORABLE_MESSAGE } from '../shared/text.js';
import { BODY_MAX, hasUnreplacedPart, PLACEHOLDERS, SUBJECT_MAX, unknownPlaceholders } from './message-text.js';

export const AUDIENCES = ['confirmed', 'attended', 'missed_some', 'no_show', 'completed', 'certified', 'waitlisted'] as const;

const known = PLACEHOLDERS.map((p) => `{${p}}`).join(', ');

/** Checks shared by subject and body: storable, no unknown placeholder, no ready text part left to fill. */
function organiserText(name: { vi: string; en: string }, max: number, oneLine = false) {
  return (
    z
      .string()
      // A subject is one line (a mail header); a body keeps its line breaks, in one form.
      .transform((s) => (oneLine ? s.replace(/\s+/g, ' ') : s.replace(/\r\n?/g, '\n')).trim().normalize('NFC'))
      .pipe(
        z
          .string()
          .min(1, `${name.vi}: không được để trống / ${name.en}: must not be empty`)
          .max(max, `${name.vi}: tối đa ${max} ký tự / ${name.en}: at most ${max} characters`)
          .refine(isStorableText, UNSTORABLE_MESSAGE)
          .refine((s) => unknownPlaceholders(s).length === 0, {
            message: `${name.vi}: chỉ dùng được ${known} / ${name.en}: only ${known} can be filled in`,
          })
          .refine((s) => !hasUnreplacedPart(s), {
            message: `${name.vi}: thay phần [[…]] bằng nội dung thật / ${name.en}: replace the [[…]] part with the real text`,
          }),
      )
  );
}

/** POST /api/v1/admin/events/:id/messages, and the page's form. */
export const messageSchema = z.strictObject({
  audience: z.enum(AUDIENCES, { message: `Nhóm người nhận không hợp lệ / Unknown audience (${AUDIENCES.join(', ')})` }),
  subject: organiserText({ vi: 'Tiêu đề', en: 'Subject' }, SUBJECT_MAX, true),
  body: organiserText({ vi: 'Nội dung', en: 'Body' }, BODY_MAX),
});
export type MessageInput = z.output<typeof messageSchema>;
