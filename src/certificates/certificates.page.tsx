import type { EventView } from '../events/events.usecases.js';
import { title } from '../pages/catalogue.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { ColumnHeads } from '../pages/table.js';
import { formatDateTime, type Lang } from '../shared/time.js';
import type { CertificateView } from './certificates.presenter.js';
import { cs, NAME_WITHHELD } from './certificates.strings.js';
import type { EventCertificates, IssueState } from './certificates.usecases.js';

export type CertificatesDone = 'issued' | 'revoked';

const REFUSAL: Record<Exclude<IssueState, 'ready'>, 'tooEarly' | 'notTraining' | 'eventCancelled'> = {
  too_early: 'tooEarly',
  not_training: 'notTraining',
  event_cancelled: 'eventCancelled',
};

function RevokeForm({ base, c, lang, error }: { base: string; c: CertificateView; lang: Lang; error: string | undefined }) {
  const id = `reason-${c.id}`;
  return (
    <form method="post" action={`${base}/${c.id}/revoke`} class="inline certificate-revoke">
      <label for={id}>{cs(lang, 'reason')}</label>
      <input id={id} name="reason" type="text" required maxlength={500} aria-invalid={error ? 'true' : undefined} />
      {error && <span class="field-error">{error}</span>}
      <button type="submit" class="danger-outline">
        {cs(lang, 'revokeButton')}
      </button>
      <span class="hint">{cs(lang, 'revokeHint')}</span>
    </form>
  );
}

/** /admin/events/:id/certificates: issue (with how many will get one), the list, revoke with a reason. */
export function CertificatesPage(props: {
  meta: PageMeta;
  event: EventView;
  list: EventCertificates;
  done?: { what: CertificatesDone; count?: number } | undefined;
  /** A refused revocation: which certificate, and why. */
  revokeError?: { id: string; message: string } | undefined;
}) {
  const { meta, event, list } = props;
  const { lang } = meta;
  const base = `/admin/events/${event.id}/certificates`;
  return (
    <Layout {...meta}>
      <p class="kicker">
        <a href={`/admin/events/${event.id}/registrations`}>{cs(lang, 'registrations')}</a>
      </p>
      <h1>
        {cs(lang, 'heading')} — {title(event, lang)}
      </h1>
      {props.done && (
        <p class="notice ok" role="status">
          {props.done.what === 'issued' ? `${cs(lang, 'issuedDone')}: ${props.done.count ?? 0}` : cs(lang, 'revokedDone')}
        </p>
      )}
      <section aria-labelledby="issue-heading" class="card">
        <h2 id="issue-heading">{cs(lang, 'issueHeading')}</h2>
        {list.state === 'ready' ? (
          <form method="post" action={base} class="certificate-issue">
            <p>
              {cs(lang, 'dueCount')}: <strong class="due">{list.due}</strong>
            </p>
            <p class="hint">{cs(lang, 'issueHint')}</p>
            <button type="submit" class="primary" disabled={list.due === 0}>
              {cs(lang, 'issueButton')} ({list.due})
            </button>
          </form>
        ) : (
          <p class="notice">
            {cs(lang, REFUSAL[list.state])}
            {list.state === 'too_early' && list.lastEndsAt && ` (${formatDateTime(list.lastEndsAt, lang)})`}
          </p>
        )}
        {event.certificatesAutomatic && <p class="hint">{cs(lang, 'automaticOn')}</p>}
      </section>
      <section aria-labelledby="list-heading">
        <h2 id="list-heading">{cs(lang, 'listHeading')}</h2>
        {list.certificates.length === 0 ? (
          <p>{cs(lang, 'none')}</p>
        ) : (
          <div class="scroll">
            <table class="certificates stack-table">
              <ColumnHeads labels={[cs(lang, 'number'), cs(lang, 'name'), cs(lang, 'issued'), cs(lang, 'status'), '']} />
              <tbody>
                {list.certificates.map((c) => (
                  <tr id={`c-${c.id}`} data-number={c.number}>
                    <td class="certificate-number">{c.number}</td>
                    <td data-label={cs(lang, 'name')}>{c.name ?? <span class="muted">{NAME_WITHHELD}</span>}</td>
                    <td data-label={cs(lang, 'issued')}>{formatDateTime(c.issuedAt, lang)}</td>
                    <td data-label={cs(lang, 'status')}>
                      {c.revoked ? (
                        <>
                          <strong class="revoked">{cs(lang, 'revokedLabel')}</strong>
                          {c.revokedAt && ` ${formatDateTime(c.revokedAt, lang)}`}
                          <br />
                          <span class="muted">{c.revokeReason}</span>
                        </>
                      ) : (
                        cs(lang, 'valid')
                      )}
                    </td>
                    <td>
                      <a href={`${base}/${c.id}`}>{cs(lang, 'view')}</a>
                      {!c.revoked && (
                        <RevokeForm
                          base={base}
                          c={c}
                          lang={lang}
                          error={props.revokeError?.id === c.id ? props.revokeError.message : undefined}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}
