import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { z } from 'zod';
import { programmeReach } from '../auth/actor.js';
import type { AppEnv, SignedInEnv } from '../http/env.js';
import { loginHref } from '../http/params.js';
import { checkInput, readForm } from '../http/validate.js';
import { AppError, type FieldIssue } from '../shared/errors.js';
import type { Lang } from '../shared/time.js';
import { canEditFacilities } from './facilities.usecases.js';

/**
 * The registry's pages: admins, programme managers and organisers; door staff 403; someone
 * signed out goes to sign in first. What each reader then sees is the use cases' to narrow.
 */
export const facilityReaders = createMiddleware<SignedInEnv>(async function facilityReaders(c, next) {
  const actor = (c as unknown as Context<AppEnv>).get('actor');
  if (!actor) {
    const url = new URL(c.req.url);
    return c.redirect(loginHref(url.pathname + url.search), 303);
  }
  if (!programmeReach(actor)) throw new AppError('auth.forbidden');
  await next();
});

/** Changes (merges, renames, rounds, results): refused before any form is read (use cases check again). */
export const facilityEditors = createMiddleware<SignedInEnv>(async function facilityEditors(c, next) {
  if (!canEditFacilities(c.get('actor'))) throw new AppError('auth.forbidden');
  await next();
});

/** A form as posted, with its errors by field (in the reader's language). */
export interface RoundForm {
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** A posted form's text fields (files ignored). */
export async function postedFields(c: Context): Promise<Record<string, string>> {
  const body = await readForm(c);
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') fields[key] = value;
  return fields;
}

/** "Vietnamese / English" messages: the reader's half. */
function half(message: string, lang: Lang): string {
  const [vi, en] = message.split(' / ');
  return (lang === 'en' ? en : vi) ?? message;
}

export function formWithIssues(fields: Record<string, string>, issues: FieldIssue[], lang: Lang): RoundForm {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.field.split('.')[0] ?? issue.field;
    errors[field] ??= half(issue.message, lang);
  }
  return { values: fields, errors };
}

export function checkPosted<T extends z.ZodType>(
  schema: T,
  fields: Record<string, string>,
  lang: Lang,
): { ok: true; data: z.output<T> } | { ok: false; form: RoundForm } {
  const checked = checkInput(schema, fields);
  return checked.success ? { ok: true, data: checked.data } : { ok: false, form: formWithIssues(fields, checked.issues, lang) };
}
