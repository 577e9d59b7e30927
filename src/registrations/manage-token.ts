import type { Context } from 'hono';
import { AppError } from '../shared/errors.js';

const MANAGE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A manage token of the wrong shape names nothing: 404 without touching the database. */
export function manageTokenOrThrow(c: Context): string {
  const token = c.req.param('token') ?? '';
  if (!MANAGE_TOKEN.test(token)) throw new AppError('registration.not_found');
  return token;
}
