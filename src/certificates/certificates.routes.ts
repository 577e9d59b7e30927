import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../http/env.js';
import { requireRole } from '../http/middleware.js';
import { pathIds, validate } from '../http/validate.js';
import { manageTokenOrThrow } from '../registrations/manage-token.js';
import { AppError } from '../shared/errors.js';
import { deriveKeys } from '../shared/keys.js';
import { holderCertificateJson, publicCertificateJson, staffCertificateJson } from './certificates.presenter.js';
import { revokeSchema } from './certificates.schemas.js';
import {
  certificateOfHolder,
  certificatesForStaff,
  type IssueOutcome,
  issueCertificates,
  revokeCertificate,
  verifyCertificate,
} from './certificates.usecases.js';

const REFUSED = {
  not_training: 'certificate.not_training',
  too_early: 'certificate.too_early',
  event_cancelled: 'certificate.event_cancelled',
} as const;

const eventId = pathIds({ id: 'event.not_found' });
const eventAndCertificate = pathIds({ id: 'event.not_found', certificateId: 'certificate.not_found' });

/** An issuing's outcome at the edge: 200 {issued}, or the 409 saying why not now. */
export function issuedAnswer(done: IssueOutcome): { issued: number } {
  if (done.result !== 'issued') throw new AppError(REFUSED[done.result]);
  return { issued: done.issued };
}

/** /api/v1/admin/events/:id/certificates — list, issue, revoke, for the event's organisers. */
export function adminCertificatesApi(deps: AppDeps) {
  const ctx = { ...deps, keys: deriveKeys(deps.config) };
  return new Hono<AppEnv>()
    .use('/:id/certificates', requireRole('organiser'))
    .use('/:id/certificates/*', requireRole('organiser'))
    .get('/:id/certificates', validate('param', eventId), async (c) => {
      const list = await certificatesForStaff(ctx, c.get('actor'), c.req.valid('param').id);
      return c.json({ state: list.state, due: list.due, certificates: list.certificates.map(staffCertificateJson) });
    })
    .post('/:id/certificates', validate('param', eventId), async (c) => {
      const done = await issueCertificates(ctx, c.get('actor'), c.req.valid('param').id, c.get('requestId'));
      return c.json(issuedAnswer(done));
    })
    .post('/:id/certificates/:certificateId/revoke', validate('param', eventAndCertificate), validate('json', revokeSchema), async (c) => {
      const { id, certificateId } = c.req.valid('param');
      const done = await revokeCertificate(ctx, c.get('actor'), id, certificateId, c.req.valid('json').reason, c.get('requestId'));
      if (done.result === 'already_revoked') throw new AppError('certificate.already_revoked');
      return c.json({ certificate: staffCertificateJson(done.certificate) });
    });
}

/** GET /api/v1/manage/:token/certificate — the holder of the link. */
export function holderCertificateApi(deps: AppDeps) {
  return new Hono<AppEnv>().get('/:token/certificate', async (c) => {
    const token = manageTokenOrThrow(c);
    const held = await certificateOfHolder(deps, token);
    if (held.result === 'issued') return c.json(holderCertificateJson(held.certificate, deps.config.PUBLIC_URL, token));
    if (held.result === 'revoked') throw new AppError('certificate.revoked', undefined, { number: held.number });
    if (held.result === 'not_training') throw new AppError('certificate.not_training');
    throw new AppError(held.result === 'not_issued' ? 'certificate.not_issued' : 'certificate.not_completed');
  });
}

/** GET /api/v1/certificates/:number — anyone checking a certificate; a forged number is a 404. */
export function publicCertificatesApi(deps: AppDeps) {
  const ctx = { db: deps.db, keys: deriveKeys(deps.config) };
  return new Hono<AppEnv>().get('/:number', async (c) => {
    const found = await verifyCertificate(ctx, c.req.param('number'));
    if (!found) throw new AppError('certificate.not_found');
    return c.json(publicCertificateJson(found, deps.config.PUBLIC_URL));
  });
}
