import type { Context } from 'hono';
import { z } from 'zod';
import { checkInput } from '../http/validate.js';
import { AppError, type FieldIssue } from '../shared/errors.js';
import type { Lang } from '../shared/time.js';
import type { PostedForm } from './users.page.js';
import { half } from './users.strings.js';
import { MIN_PASSWORD_LENGTH } from './users.usecases.js';

const tooShort = `Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự / The password needs at least ${MIN_PASSWORD_LENGTH} characters`;

/** Empty: the system makes one; otherwise at least MIN_PASSWORD_LENGTH characters. */
const optionalPassword = z
  .string()
  .max(1024)
  .optional()
  .transform((v) => v || undefined)
  .refine((v) => v === undefined || v.length >= MIN_PASSWORD_LENGTH, { message: tooShort });

// One checkbox ticked arrives as a string, several as a list.
const eventIds = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.uuid({ message: 'Sự kiện không hợp lệ / Not a valid event' })).max(200));

const role = z.enum(['organiser', 'scanner'], { message: 'Chọn quyền: cán bộ tổ chức hoặc soát vé / Choose organiser or door staff' });

export const createAccountForm = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email({ message: 'Email không đúng định dạng / Not a valid email address' })),
  fullName: z.string().trim().min(2, { message: 'Nhập họ và tên (ít nhất 2 ký tự) / Enter a full name (at least 2 characters)' }).max(200),
  role,
  eventIds,
  password: optionalPassword,
});

export const resetPasswordForm = z.object({ password: optionalPassword });

export const issueTokenForm = z.object({
  name: z.string().trim().min(2, { message: 'Đặt tên cho mã (ít nhất 2 ký tự) / Name the token (at least 2 characters)' }).max(100),
  role,
  holderId: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.uuid({ message: 'Tài khoản không dùng được / No such active account' }).optional()),
  eventIds,
});

export const changePasswordForm = z
  .object({
    current: z.string().min(1, { message: 'Nhập mật khẩu hiện tại / Enter your current password' }).max(1024),
    next: z.string().min(MIN_PASSWORD_LENGTH, { message: tooShort }).max(1024),
    again: z.string().max(1024),
  })
  .refine((f) => f.again === f.next, { path: ['again'], message: 'Hai lần nhập mật khẩu mới không khớp / The new passwords do not match' });

/** A posted form's text fields, a repeated name as a list; a body that is not a form is a 400. */
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
    else if (Array.isArray(value)) fields[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return fields;
}

/** Issues by field (`eventIds.2` is `eventIds`), the first of each, in the reader's language. */
export function errorsByField(issues: FieldIssue[], lang: Lang): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.field.split('.')[0] ?? issue.field;
    errors[field] ??= half(issue.message, lang);
  }
  return errors;
}

/** The form as typed, to show again: passwords are never sent back. */
export function asPosted(fields: Record<string, string | string[]>, errors: Record<string, string>): PostedForm {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' && !/password|current|next|again/i.test(key)) values[key] = value;
  }
  const ids = fields.eventIds;
  return { values, eventIds: ids === undefined ? [] : Array.isArray(ids) ? ids : [ids], errors };
}

/** Checks a posted form: the data, or the form to show again with its errors. */
export function checkForm<T extends z.ZodType>(
  schema: T,
  fields: Record<string, string | string[]>,
  lang: Lang,
): { ok: true; data: z.output<T> } | { ok: false; form: PostedForm } {
  const checked = checkInput(schema, fields);
  if (checked.success) return { ok: true, data: checked.data };
  return { ok: false, form: asPosted(fields, errorsByField(checked.issues, lang)) };
}

/** A use case's validation failure as the form to show again; any other error goes on. */
export function formFromError(err: unknown, fields: Record<string, string | string[]>, lang: Lang): PostedForm {
  const issues = err instanceof AppError && err.code === 'validation.failed' ? err.details?.fields : undefined;
  if (!issues?.length) throw err;
  return asPosted(fields, errorsByField(issues, lang));
}
