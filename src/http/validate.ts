import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { AppError, type FieldIssue } from '../shared/errors.js';

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
    const vi = issue.code === 'custom' && issue.message.includes(' / ') ? '' : (VI[issue.code] ?? VI.custom);
    return [{ field: path || '(body)', code: issue.code, message: vi ? `${vi} / ${issue.message}` : issue.message }];
  });
}

/** The one way routes validate input: a zod schema, and a 422 naming each bad field. */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      throw new AppError('validation.failed', undefined, { fields: fieldIssues(result.error.issues) });
    }
  });
}
