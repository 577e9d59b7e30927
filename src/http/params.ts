import { z } from 'zod';
import { AppError, type ErrorCode } from '../shared/errors.js';

const uuid = z.uuid();

/** A path id that is not a UUID names nothing: 404, never a database cast error. */
export function uuidParamOrThrow(value: string, notFound: ErrorCode): string {
  if (!uuid.safeParse(value).success) throw new AppError(notFound);
  return value.toLowerCase();
}
