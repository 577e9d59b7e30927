import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { AppError, type FieldIssue } from '../shared/errors.js';
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
      return chars ? `Dài quá: tối đa ${max} ký tự / Too long: at most ${max} characters` : `Lớn quá: tối đa ${max} / Too large: at most ${max}`;
    }
    const min = String(issue.minimum);
    return chars ? `Ngắn quá: ít nhất ${min} ký tự / Too short: at least ${min} characters` : `Nhỏ quá: ít nhất ${min} / Too small: at least ${min}`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'Cần nhập một số / Must be a number';
  return `${VI[issue.code] ?? VI.custom} / ${issue.message}`;
}

/** The one way routes validate input: a zod schema, and a 422 naming each bad field. */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      throw new AppError('validation.failed', undefined, { fields: fieldIssues(result.error.issues) });
    }
    // Whatever the schema, text the database cannot store is refused here, not by PostgreSQL.
    const unstorable = findUnstorableText(result.data);
    if (unstorable) {
      throw new AppError('validation.failed', undefined, {
        fields: [{ field: unstorable, code: 'invalid_characters', message: UNSTORABLE_MESSAGE }],
      });
    }
  });
}
