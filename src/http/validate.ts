import { zValidator } from '@hono/zod-validator';
import type { Context, MiddlewareHandler, ValidationTargets } from 'hono';
import { z } from 'zod';
import { AppError, type ErrorCode, type FieldIssue, validationError } from '../shared/errors.js';
import { findUnstorableText, UNSTORABLE_MESSAGE } from '../shared/text.js';

type Issue = z.core.$ZodIssue;

const VI: Record<string, string> = {
  invalid_type: 'Thiếu hoặc sai kiểu dữ liệu',
  too_small: 'Quá ngắn hoặc quá nhỏ',
  too_big: 'Quá dài hoặc quá lớn',
  invalid_format: 'Sai định dạng',
  invalid_value: 'Giá trị không được chấp nhận',
  unrecognized_keys: 'Trường không được hỗ trợ',
  custom: 'Giá trị không hợp lệ',
};

/** Zod issues as the API's field list: every field named, Vietnamese first. */
export function fieldIssues(issues: readonly Issue[]): FieldIssue[] {
  return issues.flatMap((issue): FieldIssue[] => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: path ? `${path}.${key}` : key,
        code: 'unrecognized_key',
        message: `${VI.unrecognized_keys} / Unknown field`,
      }));
    }
    return [{ field: path || '(body)', code: issue.code, message: issueMessage(issue) }];
  });
}

/** "Vietnamese / English". A schema's own message is already bilingual; sizes name their limit. */
function issueMessage(issue: Issue): string {
  if (issue.message.includes(' / ')) return issue.message;
  if ((issue.code === 'too_big' || issue.code === 'too_small') && (issue.origin === 'string' || issue.origin === 'number')) {
    const chars = issue.origin === 'string';
    if (issue.code === 'too_big') {
      const max = String(issue.maximum);
      return chars
        ? `Dài quá: tối đa ${max} ký tự / Too long: at most ${max} characters`
        : `Lớn quá: tối đa ${max} / Too large: at most ${max}`;
    }
    const min = String(issue.minimum);
    return chars
      ? `Ngắn quá: ít nhất ${min} ký tự / Too short: at least ${min} characters`
      : `Nhỏ quá: ít nhất ${min} / Too small: at least ${min}`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'Cần nhập một số / Must be a number';
  return `${VI[issue.code] ?? VI.custom} / ${issue.message}`;
}

/** Text the database cannot store, named by its path: refused here whatever the schema, not by PostgreSQL. */
function unstorableIssues(data: unknown): FieldIssue[] {
  const field = findUnstorableText(data);
  return field ? [{ field, code: 'invalid_characters', message: UNSTORABLE_MESSAGE }] : [];
}

/**
 * The checks of `validate` as a value, for the pages that show a form again with its issues
 * rather than answer 422.
 */
export function checkInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
): { success: true; data: z.output<T> } | { success: false; issues: FieldIssue[] } {
  const result = schema.safeParse(value);
  if (!result.success) return { success: false, issues: fieldIssues(result.error.issues) };
  const issues = unstorableIssues(result.data);
  return issues.length ? { success: false, issues } : { success: true, data: result.data };
}

/**
 * A posted form's fields (none when the body is not a form). A body its content type cannot be
 * read by, such as a multipart body without its boundary, with another one, or cut short, is a
 * 400 saying so rather than a parser's exception.
 */
export async function readForm(c: Context, options: { all?: boolean } = {}): Promise<Record<string, string | File | (string | File)[]>> {
  try {
    // `all`: a field sent several times (checkboxes of one name) arrives as a list, not its last value.
    return await c.req.parseBody(options.all ? { all: true } : undefined);
  } catch {
    throw new AppError('request.malformed_form');
  }
}

const uuid = z.uuid();
const NOT_FOUND_PREFIX = 'not_found:';

/**
 * Path ids as a schema for `validate('param', …)`: each a UUID (lower-cased), else the 404 named
 * beside it, e.g. `pathIds({ id: 'event.not_found', regId: 'registration.not_found' })`.
 */
export function pathIds<K extends string>(notFound: Record<K, ErrorCode>) {
  const shape = Object.fromEntries(
    Object.entries<ErrorCode>(notFound).map(([key, code]) => [
      key,
      z
        .string()
        .refine((value) => uuid.safeParse(value).success, { message: NOT_FOUND_PREFIX + code })
        .transform((value) => value.toLowerCase()),
    ]),
  ) as Record<K, z.ZodPipe<z.ZodString, z.ZodTransform<string, string>>>;
  return z.object(shape);
}

const serial = /^[1-9]\d{0,15}$/;

/**
 * Path serials (a mail's or a scan's number) as a schema for `validate('param', …)`: each a
 * positive integer, else the 404 named beside it, e.g. `pathSerials({ id: 'mail.not_found' })`.
 */
export function pathSerials<K extends string>(notFound: Record<K, ErrorCode>) {
  const shape = Object.fromEntries(
    Object.entries<ErrorCode>(notFound).map(([key, code]) => [
      key,
      z
        .string()
        .refine((value) => serial.test(value), { message: NOT_FOUND_PREFIX + code })
        .transform(Number),
    ]),
  ) as Record<K, z.ZodPipe<z.ZodString, z.ZodTransform<number, string>>>;
  return z.object(shape);
}

function notFoundCodeOf(issues: readonly Issue[]): ErrorCode {
  const named = issues.map((issue) => issue.message).find((message) => message.startsWith(NOT_FOUND_PREFIX));
  return (named ? named.slice(NOT_FOUND_PREFIX.length) : 'route.not_found') as ErrorCode;
}

/**
 * The one way routes validate input: a zod schema, and a 422 naming each bad field. Path
 * parameters (`'param'`, with `pathIds`) are names, not input: one that names nothing is the
 * 404 its schema carries.
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  const validator = zValidator(target, schema, (result) => {
    if (!result.success && target === 'param') throw new AppError(notFoundCodeOf(result.error.issues));
    if (!result.success) throw validationError(fieldIssues(result.error.issues));
    const unstorable = unstorableIssues(result.data);
    if (unstorable.length) throw validationError(unstorable);
  });
  if (target !== 'form') return validator;
  // Read first so a broken multipart body is our 400; the validator then reuses the parsed form.
  const readFirst: MiddlewareHandler = async (c, next) => {
    await readForm(c);
    return validator(c, next);
  };
  return readFirst as typeof validator;
}
