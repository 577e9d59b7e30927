import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { getEventForStaffOrThrow } from '../events/events.usecases.js';
import type { AppDeps, AppEnv, StaffEnv } from '../http/env.js';
import { organiserPages } from '../http/middleware.js';
import { checkInput, pathIds, readForm, validate } from '../http/validate.js';
import { title } from '../pages/catalogue.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { manageTokenOrThrow } from '../registrations/manage-token.js';
import { AppError } from '../shared/errors.js';
import { deriveKeys } from '../shared/keys.js';
import { ticketSvg } from '../tickets/qr.js';
import { CertificatePage } from './certificate.page.js';
import { type CertificatesDone, CertificatesPage } from './certificates.page.js';
import { type CertificateView, verifyUrl } from './certificates.presenter.js';
import { revokeSchema } from './certificates.schemas.js';
import { cs } from './certificates.strings.js';
import {
  certificateForStaff,
  certificateOfHolder,
  certificatesForStaff,
  issueCertificates,
  revokeCertificate,
  verifyCertificate,
} from './certificates.usecases.js';
import { VerifyPage } from './verify.page.js';

const eventId = pathIds({ id: 'event.not_found' });
const eventAndCertificate = pathIds({ id: 'event.not_found', certificateId: 'certificate.not_found' });
const pageQuery = z.object({
  done: z.enum(['issued', 'revoked']).optional(),
  count: z.coerce.number().int().min(0).max(1_000_000).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

const REFUSED_CODE = {
  not_training: 'certificate.not_training',
  too_early: 'certificate.too_early',
  event_cancelled: 'certificate.event_cancelled',
} as const;

/** The QR code of the verification page, as an image the page can carry inline (the CSP allows data: images). */
async function qrDataUri(url: string): Promise<string> {
  return `data:image/svg+xml;base64,${Buffer.from(await ticketSvg(url)).toString('base64')}`;
}

async function sheet<E extends AppEnv>(c: Context<E>, deps: AppDeps, certificate: CertificateView, links: { back: string; pdf: string }) {
  const url = verifyUrl(deps.config.PUBLIC_URL, certificate.number);
  const meta = pageMeta(c, `${cs(c.get('lang'), 'heading')} ${certificate.number}`, { noindex: true });
  return c.html(
    <CertificatePage
      meta={meta}
      certificate={certificate}
      verifyUrl={url}
      qrSvgDataUri={await qrDataUri(url)}
      backHref={links.back}
      pdfHref={links.pdf}
    />,
    200,
    PRIVATE_PAGE_HEADERS,
  );
}

/** The same certificate as a PDF file, downloaded rather than shown. */
async function pdf<E extends AppEnv>(c: Context<E>, deps: AppDeps, certificate: CertificateView) {
  // Loaded on the first PDF: jsPDF and the fonts cost some 0.3 s of every server start otherwise.
  const { certificatePdf, pdfFileName } = await import('./certificate.pdf.js');
  const bytes = certificatePdf(certificate, verifyUrl(deps.config.PUBLIC_URL, certificate.number));
  return c.body(bytes, 200, {
    ...PRIVATE_PAGE_HEADERS,
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${pdfFileName(certificate.number)}"`,
  });
}

/** The holder's certificate, or the error saying why there is none to show. */
async function heldOrThrow(deps: AppDeps, token: string): Promise<CertificateView> {
  const held = await certificateOfHolder(deps, token);
  if (held.result === 'issued') return held.certificate;
  if (held.result === 'revoked') throw new AppError('certificate.revoked');
  if (held.result === 'not_training') throw new AppError('certificate.not_training');
  throw new AppError(held.result === 'not_issued' ? 'certificate.not_issued' : 'certificate.not_completed');
}

/** /verify/:number (anyone) and /manage/:token/certificate (the holder's printable certificate). */
export function certificatePublicPages(deps: AppDeps) {
  const ctx = { db: deps.db, keys: deriveKeys(deps.config) };
  return new Hono<AppEnv>()
    .get('/verify/:number', async (c) => {
      const number = c.req.param('number');
      const found = await verifyCertificate(ctx, number);
      const lang = c.get('lang');
      const meta = pageMeta(c, cs(lang, found ? 'verifyHeading' : 'notFoundHeading'), { noindex: true });
      // The number is shown back only as the page's text, escaped, and only when it has a number's shape.
      const shown = number.length <= 100 ? number : `${number.slice(0, 100)}…`;
      return c.html(<VerifyPage meta={meta} certificate={found} number={shown} />, found ? 200 : 404);
    })
    .get('/manage/:token/certificate', async (c) => {
      const token = manageTokenOrThrow(c);
      return sheet(c, deps, await heldOrThrow(deps, token), { back: `/manage/${token}`, pdf: `/manage/${token}/certificate.pdf` });
    })
    .get('/manage/:token/certificate.pdf', async (c) => pdf(c, deps, await heldOrThrow(deps, manageTokenOrThrow(c))));
}

/** /admin/events/:id/certificates: issue, list, revoke, and each certificate's printable page. */
export function certificatesPages(deps: AppDeps) {
  const ctx = { ...deps, keys: deriveKeys(deps.config) };
  const show = async (
    c: Context<StaffEnv>,
    id: string,
    status: 200 | 409 | 422,
    done?: { what: CertificatesDone; count?: number },
    revokeError?: { id: string; message: string },
  ) => {
    const actor = c.get('actor');
    const event = await getEventForStaffOrThrow(deps, actor, id);
    const list = await certificatesForStaff(ctx, actor, event.id);
    const lang = c.get('lang');
    const meta = pageMeta(c, `${cs(lang, 'heading')} — ${title(event, lang)}`, { noindex: true });
    return c.html(
      <CertificatesPage meta={meta} event={event} list={list} done={done} revokeError={revokeError} />,
      status,
      PRIVATE_PAGE_HEADERS,
    );
  };
  return new Hono<AppEnv>()
    .get('/:id/certificates', organiserPages, validate('param', eventId), validate('query', pageQuery), async (c) => {
      const q = c.req.valid('query');
      return show(c, c.req.valid('param').id, 200, q.done ? { what: q.done, ...(q.count !== undefined && { count: q.count }) } : undefined);
    })
    .post('/:id/certificates', organiserPages, validate('param', eventId), async (c) => {
      const { id } = c.req.valid('param');
      const done = await issueCertificates(ctx, c.get('actor'), id, c.get('requestId'));
      if (done.result !== 'issued') throw new AppError(REFUSED_CODE[done.result]);
      return c.redirect(`/admin/events/${id}/certificates?done=issued&count=${done.issued}`, 303);
    })
    .get('/:id/certificates/:certificateId', organiserPages, validate('param', eventAndCertificate), async (c) => {
      const { id, certificateId } = c.req.valid('param');
      const certificate = await certificateForStaff(ctx, c.get('actor'), id, certificateId);
      const back = `/admin/events/${id}/certificates`;
      return sheet(c, deps, certificate, { back, pdf: `${back}/${certificateId}/certificate.pdf` });
    })
    .get('/:id/certificates/:certificateId/certificate.pdf', organiserPages, validate('param', eventAndCertificate), async (c) => {
      const { id, certificateId } = c.req.valid('param');
      return pdf(c, deps, await certificateForStaff(ctx, c.get('actor'), id, certificateId));
    })
    .post('/:id/certificates/:certificateId/revoke', organiserPages, validate('param', eventAndCertificate), async (c) => {
      const { id, certificateId } = c.req.valid('param');
      const raw = await readForm(c);
      const parsed = checkInput(revokeSchema, { reason: typeof raw.reason === 'string' ? raw.reason : '' });
      if (!parsed.success) {
        return show(c, id, 422, undefined, { id: certificateId, message: parsed.issues.map((i) => i.message).join('; ') });
      }
      const done = await revokeCertificate(ctx, c.get('actor'), id, certificateId, parsed.data.reason, c.get('requestId'));
      if (done.result === 'already_revoked') throw new AppError('certificate.already_revoked');
      return c.redirect(`/admin/events/${id}/certificates?done=revoked`, 303);
    });
}
