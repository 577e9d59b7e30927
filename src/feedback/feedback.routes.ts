import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { requireRole } from '../http/middleware.js';
import { pathIds, validate } from '../http/validate.js';
import { manageTokenOrThrow } from '../registrations/manage-token.js';
import { AppError } from '../shared/errors.js';
import { eventResultsJson, surveyJson } from './feedback.presenter.js';
import { feedbackSchema } from './feedback.schemas.js';
import { eventResults, type FeedbackCtx, giveFeedback, surveyFor } from './feedback.usecases.js';

/** /api/v1/manage/:token/feedback — the holder of the link: their answer (GET), or giving it once (POST). */
export function manageFeedbackApi(ctx: FeedbackCtx) {
  return new Hono<AppEnv>()
    .get('/:token/feedback', async (c) => c.json(surveyJson(await surveyFor(ctx, manageTokenOrThrow(c)))))
    .post('/:token/feedback', validate('json', feedbackSchema), async (c) => {
      const outcome = await giveFeedback(ctx, manageTokenOrThrow(c), c.req.valid('json'));
      if (outcome.result === 'refused') throw new AppError(outcome.code);
      return c.json(surveyJson(outcome.survey), 201);
    });
}

const eventId = pathIds({ id: 'event.not_found' });

/** GET /api/v1/admin/events/:id/feedback — the event's answers for its organisers. */
export function adminFeedbackApi(ctx: FeedbackCtx) {
  return new Hono<AppEnv>().get('/:id/feedback', requireRole('organiser'), validate('param', eventId), async (c) =>
    c.json(eventResultsJson(await eventResults(ctx, c.get('actor'), c.req.valid('param').id))),
  );
}
