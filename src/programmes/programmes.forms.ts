import type { Context } from 'hono';
import { z } from 'zod';
import type { ProgrammeSeed } from '../../db/seed/programmes.js';
import { EVENT_KINDS, FAIR_SCOPES } from '../events/events.schemas.js';
import { checkInput } from '../http/validate.js';
import { AppError, type FieldIssue } from '../shared/errors.js';
import type { Lang } from '../shared/time.js';
import { METRICS, programmeSchema, type TargetPatch, targetPatchSchema } from './programmes.schemas.js';

/** A form as it was posted, to show again with its errors by field (the reader's language). */
export interface PostedForm {
  values: Record<string, string>;
  lists: Record<string, string[]>;
  errors: Record<string, string>;
}
export const EMPTY_FORM: PostedForm = { values: {}, lists: {}, errors: {} };

/** The posted fields: text as text, a repeated name as a list, files as their text. A body that is not a form is a 400. */
export async function postedFields(c: Context): Promise<Record<string, string | string[]>> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    throw new AppError('request.malformed_form');
  }
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') fields[key] = value;
    else if (value instanceof File) fields[key] = value.size > 0 ? await value.text() : '';
    else if (Array.isArray(value)) fields[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return fields;
}

const half = (message: string, lang: Lang) => {
  const [vi, en] = message.split(' / ');
  return (lang === 'en' ? en : vi) ?? message;
};

function asPosted(fields: Record<string, string | string[]>, issues: FieldIssue[], lang: Lang): PostedForm {
  const form: PostedForm = { values: {}, lists: {}, errors: {} };
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.values[key] = value;
    else form.lists[key] = value;
  }
  for (const issue of issues) {
    const field = issue.field.split('.')[0] || '(form)';
    form.errors[field] ??= half(issue.message, lang);
  }
  return form;
}

/** Checks a posted form: the data, or the form to show again with its errors. */
export function checkForm<T extends z.ZodType>(
  schema: T,
  fields: Record<string, string | string[]>,
  lang: Lang,
): { ok: true; data: z.output<T> } | { ok: false; form: PostedForm } {
  const checked = checkInput(schema, fields);
  if (checked.success) return { ok: true, data: checked.data };
  return { ok: false, form: asPosted(fields, checked.issues, lang) };
}

/** The form with one more error, for an outcome the use case reported (a code already taken). */
export function withError(fields: Record<string, string | string[]>, field: string, message: string, lang: Lang): PostedForm {
  return asPosted(fields, [{ field, code: 'custom', message }], lang);
}

const isoDay = z.iso.date({ error: 'Ngày dạng YYYY-MM-DD / a date as YYYY-MM-DD' });
const text = (max: number, name: string) =>
  z
    .string({ error: `Nhập ${name} / required` })
    .trim()
    .min(1, { error: `Nhập ${name} / required` })
    .max(max);

export const newProgrammeForm = z
  .object({
    code: z
      .string()
      .trim()
      .regex(
        /^[a-z0-9][a-z0-9-]{1,79}$/,
        'Mã gồm chữ thường, số và gạch ngang, ví dụ thai-binh-2026-2030 / lower-case letters, digits and hyphens',
      ),
    nameVi: text(300, 'tên tiếng Việt'),
    nameEn: text(300, 'tên tiếng Anh'),
    province: text(100, 'tỉnh, thành phố'),
    legalBasis: z
      .string()
      .trim()
      .max(500)
      .optional()
      .transform((v) => v || undefined),
    startsOn: isoDay,
    endsOn: isoDay,
  })
  .refine((p) => p.endsOn >= p.startsOn, { path: ['endsOn'], message: 'Ngày kết thúc trước ngày bắt đầu / ends before it starts' });

/** The uploaded (or pasted) JSON, checked by the same schema as the CLI's programme:import. */
export function programmeFromJson(
  fields: Record<string, string | string[]>,
  lang: Lang,
): { ok: true; data: ProgrammeSeed } | { ok: false; form: PostedForm } {
  const file = typeof fields.file === 'string' ? fields.file.trim() : '';
  const pasted = typeof fields.json === 'string' ? fields.json.trim() : '';
  const raw = file || pasted;
  const shown = { json: pasted };
  if (!raw) return { ok: false, form: withError(shown, 'file', 'Chọn tệp JSON của chương trình / choose the programme’s JSON file', lang) };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, form: withError(shown, 'file', 'Tệp không phải JSON hợp lệ / the file is not valid JSON', lang) };
  }
  const checked = checkInput(programmeSchema, json);
  if (checked.success) return { ok: true, data: checked.data };
  const lines = checked.issues.map((i) => `${i.field}: ${half(i.message, lang)}`);
  return { ok: false, form: withError(shown, 'file', lines.slice(0, 8).join('; '), lang) };
}

const checked = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
const whole = (message: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,8}$/, message)
    .transform(Number);

/** The target form: every field of a target but its code. Topics are typed separated by commas. */
export const targetForm = z
  .object({
    labelVi: text(300, 'tên chỉ tiêu tiếng Việt'),
    labelEn: text(300, 'tên chỉ tiêu tiếng Anh'),
    goal: whole('Chỉ tiêu là số nguyên dương / the goal is a whole number').refine((n) => n >= 1, {
      message: 'Chỉ tiêu ít nhất là 1 / the goal is at least 1',
    }),
    metric: z.enum(METRICS, { error: 'Chọn cách đếm / choose a metric' }),
    unit: text(50, 'đơn vị tính'),
    eventKinds: checked.pipe(z.array(z.enum(EVENT_KINDS)).min(1, { message: 'Chọn ít nhất một loại sự kiện / choose at least one kind' })),
    topics: z
      .string()
      .optional()
      .transform((v) =>
        (v ?? '')
          .split(/[,\s]+/)
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    fairScopes: checked.pipe(z.array(z.enum(FAIR_SCOPES))),
    minAttendees: whole('Số người tối thiểu là số nguyên dương / the minimum is a whole number').refine((n) => n >= 1, {
      message: 'Số người tối thiểu ít nhất là 1 / at least 1',
    }),
  })
  .transform((f, ctx): TargetPatch => {
    const parsed = targetPatchSchema.safeParse(f);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    return z.NEVER;
  });
