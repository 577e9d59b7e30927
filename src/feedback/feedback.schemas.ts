import { z } from 'zod';
import { COMMENT_MAX } from './feedback.rules.js';

const mark = z
  .number({ message: 'Chọn một mức từ 1 đến 5 / Choose a mark from 1 to 5' })
  .int({ message: 'Chọn một mức từ 1 đến 5 / Choose a mark from 1 to 5' })
  .min(1, { message: 'Chọn một mức từ 1 đến 5 / Choose a mark from 1 to 5' })
  .max(5, { message: 'Chọn một mức từ 1 đến 5 / Choose a mark from 1 to 5' });

/** POST /api/v1/manage/:token/feedback and the survey page's form alike; an empty comment is none. */
export const feedbackSchema = z.strictObject({
  content: mark,
  trainer: mark,
  usefulness: mark,
  comment: z
    .string()
    .trim()
    .max(COMMENT_MAX)
    .nullish()
    .transform((v) => (v ? v : null)),
});
export type FeedbackInput = z.output<typeof feedbackSchema>;

/** The survey form's fields as the API's body: a mark not chosen stays missing, so the schema names it. */
export function feedbackBody(form: Record<string, unknown>): Record<string, unknown> {
  const markOf = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v === undefined || v === '' ? undefined : v);
  return {
    content: markOf(form.content),
    trainer: markOf(form.trainer),
    usefulness: markOf(form.usefulness),
    comment: typeof form.comment === 'string' ? form.comment : undefined,
  };
}
