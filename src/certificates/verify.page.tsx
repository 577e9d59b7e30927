import { Layout, type PageMeta } from '../pages/layout.js';
import { spanOf } from './certificate.page.js';
import type { CertificateView } from './certificates.presenter.js';
import { cs, NAME_WITHHELD } from './certificates.strings.js';

/**
 * /verify/:number, for anyone holding the paper: name, course, dates, issuer and whether it
 * stands. Nothing else of the person is shown (no contact details, no reason for a revocation).
 */
export function VerifyPage(props: { meta: PageMeta; certificate: CertificateView | null; number: string }) {
  const { meta, certificate: c } = props;
  const { lang } = meta;
  if (!c) {
    return (
      <Layout {...meta}>
        <h1>{cs(lang, 'notFoundHeading')}</h1>
        <p class="notice danger" role="alert">
          {cs(lang, 'notFoundBody')}
        </p>
        <p>
          {cs(lang, 'number')}: <code>{props.number}</code>
        </p>
      </Layout>
    );
  }
  return (
    <Layout {...meta}>
      <h1>{cs(lang, 'verifyHeading')}</h1>
      {c.revoked ? (
        <div class="verify-revoked" role="alert">
          <p class="verify-stamp">
            {cs('vi', 'revokedStamp')} / {cs('en', 'revokedStamp')}
          </p>
          <p>{cs(lang, 'revokedNote')}</p>
        </div>
      ) : (
        <p class="notice ok" role="status">
          {cs(lang, 'validNote')}
        </p>
      )}
      <dl class="facts verify-facts">
        <dt>{cs(lang, 'number')}</dt>
        <dd class="certificate-number">{c.number}</dd>
        <dt>{cs(lang, 'name')}</dt>
        <dd>{c.name === null ? <span class="muted">{NAME_WITHHELD}</span> : <strong>{c.name}</strong>}</dd>
        <dt>{cs(lang, 'course')}</dt>
        <dd>{lang === 'en' && c.eventTitleEn ? c.eventTitleEn : c.eventTitle}</dd>
        <dt>{cs(lang, 'held')}</dt>
        <dd>{spanOf(c)}</dd>
        <dt>{cs(lang, 'issuer')}</dt>
        <dd>{lang === 'en' ? c.issuerEn : c.issuer}</dd>
      </dl>
    </Layout>
  );
}
