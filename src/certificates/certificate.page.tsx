import { Layout, type PageMeta } from '../pages/layout.js';
import { formatDay, type Lang } from '../shared/time.js';
import type { CertificateView } from './certificates.presenter.js';
import { cs, NAME_WITHHELD } from './certificates.strings.js';

/** '2026-12-18' → '18/12/2026' (a calendar day, read the same way in both languages). */
export function dayOf(isoDay: string): string {
  const [y, m, d] = isoDay.split('-');
  return `${d}/${m}/${y}`;
}

/** "14/12/2026 – 18/12/2026", or one day. */
export function spanOf(c: CertificateView): string {
  return c.startsOn === c.completedOn ? dayOf(c.completedOn) : `${dayOf(c.startsOn)} – ${dayOf(c.completedOn)}`;
}

/** Vietnamese first, English beneath it, whatever language the page is in: the paper is read by both. */
function Both({ vi, en, class: cls }: { vi: string; en: string; class?: string }) {
  return (
    <span class={cls}>
      <span lang="vi">{vi}</span>{' '}
      <span class="en" lang="en">
        {en}
      </span>
    </span>
  );
}

/**
 * The printable certificate: one A4 landscape sheet (a named @page in app.css), Vietnamese first
 * with English, the QR code of its public verification page, and "ĐÃ THU HỒI" across a revoked one.
 */
export function CertificatePage(props: {
  meta: PageMeta;
  certificate: CertificateView;
  verifyUrl: string;
  qrSvgDataUri: string;
  backHref: string;
  pdfHref: string;
}) {
  const { meta, certificate: c, verifyUrl } = props;
  const lang: Lang = meta.lang;
  const word = (key: Parameters<typeof cs>[1]) => ({ vi: cs('vi', key), en: cs('en', key) });
  return (
    <Layout {...meta}>
      <div class="certificate-tools no-print">
        <a href={props.backHref}>{cs(lang, 'back')}</a>
        <a class="certificate-pdf" href={props.pdfHref} download>
          {cs(lang, 'downloadPdf')}
        </a>
        <p class="hint">{cs(lang, 'printHint')}</p>
      </div>
      <article class={`certificate-sheet${c.revoked ? ' is-revoked' : ''}`} aria-label={cs(lang, 'heading')}>
        {c.revoked && (
          <p class="certificate-stamp" role="alert">
            {cs('vi', 'revokedStamp')} / {cs('en', 'revokedStamp')}
          </p>
        )}
        <p class="certificate-issuer">
          <Both vi={c.issuer} en={c.issuerEn} />
        </p>
        <h1 class="certificate-title">
          {cs('vi', 'certificateTitle')}
          <span class="en" lang="en">
            {cs('en', 'certificateTitle')}
          </span>
        </h1>
        <p class="certificate-line">
          <Both {...word('certifies')} />
        </p>
        <p class="certificate-name">{c.name ?? NAME_WITHHELD}</p>
        <p class="certificate-line">
          <Both {...word('completed')} />
        </p>
        <p class="certificate-course">
          {c.eventTitle}
          {c.eventTitleEn && (
            <span class="en" lang="en">
              {c.eventTitleEn}
            </span>
          )}
        </p>
        <p class="certificate-line certificate-dates">
          {cs('vi', 'held')}{' '}
          <span class="en" lang="en">
            ({cs('en', 'held')})
          </span>
          : {spanOf(c)}
        </p>
        <footer class="certificate-foot">
          <dl>
            <dt>
              <Both {...word('number')} />
            </dt>
            <dd class="certificate-number">{c.number}</dd>
            <dt>
              <Both {...word('issuedOn')} />
            </dt>
            <dd>{formatDay(c.issuedAt, 'vi')}</dd>
            <dt>
              <Both {...word('verifyAt')} />
            </dt>
            <dd class="certificate-url">{verifyUrl}</dd>
          </dl>
          <img class="certificate-qr" src={props.qrSvgDataUri} alt={cs(lang, 'qrAlt')} width={120} height={120} />
        </footer>
      </article>
    </Layout>
  );
}
