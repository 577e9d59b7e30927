import { type Context, Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { organiserPages } from '../http/middleware.js';
import { checkInput, pathIds, readForm, validate } from '../http/validate.js';
import { title } from '../pages/catalogue.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { manageTokenOrThrow } from '../registrations/manage-token.js';
import type { FieldIssue } from '../shared/errors.js';
import { ResultsPage, type SurveyForm, SurveyPage } from './feedback.page.js';
import type { Survey } from './feedback.presenter.js';
import { QUESTIONS, type Question } from './feedback.rules.js';
import { feedbackBody, feedbackSchema } from './feedback.schemas.js';
import { fs } from './feedback.strings.js';
import { eventResults, type FeedbackCtx, giveFeedback, surveyFor } from './feedback.usecases.js';

const eventId = pathIds({ id: 'event.not_found' });

/** The form's issues in the page's words, one per field. */
function formErrors(issues: FieldIssue[], lang: 'vi' | 'en'): SurveyForm['errors'] {
  const errors: SurveyForm['errors'] = {};
  for (const issue of issues) {
    const field = issue.field.split('.')[0] ?? '';
    if ((QUESTIONS as readonly string[]).includes(field)) errors[field as Question] ??= fs(lang, 'chooseMark');
    else if (field === 'comment') errors.comment ??= fs(lang, 'commentTooLong');
  }
  return errors;
}

/**
 * /manage/:token/feedback (the survey, for the holder of the manage link: a plain form, no
 * script, through the API's schema and use case) and /admin/events/:id/feedback (the results).
 */
export function feedbackPages(ctx: FeedbackCtx) {
  const surveyMeta = (c: Context<AppEnv>, survey: Survey, justSent = false) => {
    const lang = c.get('lang');
    const heading = survey.state === 'given' && justSent ? fs(lang, 'thanksTitle') : fs(lang, 'surveyTitle');
    return pageMeta(c, `${heading} — ${title(survey.event, lang)}`, { noindex: true });
  };

  return new Hono<AppEnv>()
    .get('/manage/:token/feedback', async (c) => {
      const token = manageTokenOrThrow(c);
      const survey = await surveyFor(ctx, token);
      const justSent = c.req.query('sent') === '1';
      return c.html(<SurveyPage meta={surveyMeta(c, survey, justSent)} survey={survey} token={token} justSent={justSent} />);
    })
    .post('/manage/:token/feedback', async (c) => {
      const token = manageTokenOrThrow(c);
      const form = await readForm(c);
      const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
      const values: SurveyForm['values'] = {
        content: text(form.content),
        trainer: text(form.trainer),
        usefulness: text(form.usefulness),
        comment: text(form.comment),
      };
      const parsed = checkInput(feedbackSchema, feedbackBody(form));
      if (!parsed.success) {
        const survey = await surveyFor(ctx, token);
        const shown = { values, errors: formErrors(parsed.issues, c.get('lang')) };
        return c.html(<SurveyPage meta={surveyMeta(c, survey)} survey={survey} token={token} form={shown} />, 422);
      }
      const outcome = await giveFeedback(ctx, token, parsed.data);
      if (outcome.result === 'refused') {
        const survey = await surveyFor(ctx, token);
        return c.html(<SurveyPage meta={surveyMeta(c, survey)} survey={survey} token={token} />, 409);
      }
      return c.redirect(`/manage/${token}/feedback?sent=1`, 303);
    })
    .get('/admin/events/:id/feedback', organiserPages, validate('param', eventId), async (c) => {
      const results = await eventResults(ctx, c.get('actor'), c.req.valid('param').id);
      const lang = c.get('lang');
      const meta = pageMeta(c, `${fs(lang, 'resultsTitle')} — ${title(results.event, lang)}`, { noindex: true });
      return c.html(<ResultsPage meta={meta} results={results} />, 200, PRIVATE_PAGE_HEADERS);
    });
}
