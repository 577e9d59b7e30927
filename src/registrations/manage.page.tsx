import type { EventView } from '../events/events.usecases.js';
import { title } from '../pages/catalogue.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { t } from '../pages/strings.js';
import { formatDay, formatTime, type Lang } from '../shared/time.js';
import { CalendarLinks } from './calendar-links.js';
import { type ManageView, spacedCode } from './registrations.presenter.js';
import { boothTypeLabel, rt, statusLabel } from './registrations.strings.js';
import { displayVnPhone } from './vn-fields.js';

/** What the last action did, said once after the redirect. */
export const DONE = { cancelled: 'doneCancelled', 'news-withdrawn': 'doneNews', erased: 'doneErased' } as const;
export type Done = keyof typeof DONE;

/** A registration that still holds or waits for a seat: it can be cancelled. */
export const isActive = (status: string) => status === 'confirmed' || status === 'waitlisted' || status === 'pending';

function EventDetails({ event, lang }: { event: EventView; lang: Lang }) {
  return (
    <>
      <ul class="plain">
        {(event.sessions ?? []).map((s) => (
          <li>
            <time datetime={s.startsAt.toISOString()}>{formatDay(s.startsAt, lang)}</time>, {formatTime(s.startsAt)}–{formatTime(s.endsAt)}
          </li>
        ))}
      </ul>
      {event.venue && (
        <p>
          {event.venue.name}
          {event.venue.address && `, ${event.venue.address}`}
          {event.venue.district && `, ${event.venue.district}`}
        </p>
      )}
    </>
  );
}

function statusHint(view: ManageView, lang: Lang): string | null {
  if (view.status === 'confirmed') return rt(lang, 'confirmedHint');
  if (view.status === 'pending') return rt(lang, 'pendingHint');
  if (view.status === 'waitlisted') return rt(lang, 'waitlistHint');
  return null;
}

function Ticket({ token, code, lang }: { token: string; code: string; lang: Lang }) {
  return (
    <div class="ticket">
      <img class="qr" src={`/api/v1/manage/${token}/ticket.svg`} alt={rt(lang, 'qrAlt')} width={320} />
      <p class="code-label">{rt(lang, 'shortCode')}</p>
      <p class="short-code">{spacedCode(code)}</p>
      <p class="hint">{rt(lang, 'shortCodeHint')}</p>
      <p>
        <a class="button secondary" href={`/api/v1/manage/${token}/ticket.png`} download={`ve-${code}.png`}>
          {rt(lang, 'downloadTicket')}
        </a>
      </p>
    </div>
  );
}

export function ManagePage(props: {
  meta: PageMeta;
  event: EventView;
  view: ManageView;
  token: string;
  manageUrl: string;
  /** Once a certificate of completion is issued: its number (the page is at `/manage/:token/certificate`). */
  certificateNumber?: string | null;
  done?: Done | undefined;
  /** The survey after training, offered to someone who attended and has not answered. */
  feedbackHref?: string | undefined;
}) {
  const { meta, event, view, token } = props;
  const { lang } = meta;
  const base = `/manage/${token}`;
  const hint = statusHint(view, lang);
  return (
    <Layout {...meta}>
      <h1>{rt(lang, 'yourRegistration')}</h1>
      {props.done && (
        <p class="notice ok" role="status">
          {rt(lang, DONE[props.done])}
        </p>
      )}
      {props.feedbackHref && (
        <p class="notice feedback-offer">
          {rt(lang, 'feedbackOfferHint')}{' '}
          <a class="button primary" href={props.feedbackHref}>
            {rt(lang, 'feedbackOffer')}
          </a>
        </p>
      )}
      <section class="card ticket-card">
        <p class="kind">{rt(lang, 'event')}</p>
        <h2>{title(event, lang)}</h2>
        {event.status === 'cancelled' && (
          <p class="notice danger" role="alert">
            {t(lang, 'cancelledEvent')}
          </p>
        )}
        <p class={`status-line status-${view.status}`}>
          {t(lang, 'status')}: <strong>{statusLabel(view.status, lang, view.waitlistPosition)}</strong>
        </p>
        {hint && <p>{hint}</p>}
        {props.certificateNumber && (
          <p class="certificate-link">
            {rt(lang, 'certificateHint')} <strong>{props.certificateNumber}</strong>:{' '}
            <a class="button primary" href={`${base}/certificate`}>
              {rt(lang, 'certificate')}
            </a>
          </p>
        )}
        {/* The ticket comes before the schedule: at the door it is what the phone must show. */}
        {view.ticket && <Ticket token={token} code={view.ticket.code} lang={lang} />}
        <div class="event-details">
          <EventDetails event={event} lang={lang} />
        </div>
        {view.ticket && event.status !== 'cancelled' && (
          <CalendarLinks event={event} token={token} manageUrl={props.manageUrl} lang={lang} />
        )}
      </section>
      {view.anonymised ? (
        <p class="notice">{rt(lang, 'erased')}</p>
      ) : (
        <dl class="facts">
          <dt>{rt(lang, 'name')}</dt>
          <dd>{view.person.fullName}</dd>
          {view.person.phone && (
            <>
              <dt>{rt(lang, 'phone')}</dt>
              <dd>{displayVnPhone(view.person.phone)}</dd>
            </>
          )}
          {view.person.email && (
            <>
              <dt>{rt(lang, 'email')}</dt>
              <dd>{view.person.email}</dd>
            </>
          )}
          {view.facility && (
            <>
              <dt>{rt(lang, 'facility')}</dt>
              <dd>{view.facility.name}</dd>
            </>
          )}
          {view.booth && (
            <>
              <dt>{rt(lang, 'booth')}</dt>
              <dd>
                {boothTypeLabel(view.booth.type, lang)} · {view.booth.size.replace('x', ' × ')} m · {view.booth.count} {rt(lang, 'booths')}
                <br />
                {view.booth.products}
              </dd>
            </>
          )}
          {view.booths.length > 0 && (
            <>
              <dt>{rt(lang, 'boothsAllocated')}</dt>
              <dd>
                <ul class="booths-held">
                  {view.booths.map((b) => (
                    <li>
                      <strong>{b.code}</strong>
                      {b.zone && ` · ${rt(lang, 'boothZone')} ${b.zone}`} · {boothTypeLabel(b.type, lang)} · {b.size.replace('x', ' × ')} m
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
          <dt>{rt(lang, 'newsConsent')}</dt>
          <dd>{rt(lang, view.consent.news ? 'newsYes' : 'newsNo')}</dd>
        </dl>
      )}
      <section class="keep-link">
        <h2>{rt(lang, 'keepLink')}</h2>
        <p class="hint">{rt(lang, 'keepLinkHint')}</p>
        <p class="manage-url">
          <a href={base}>{props.manageUrl}</a>
        </p>
      </section>
      <div class="actions">
        {view.consent.news && (
          <form method="post" action={`${base}/withdraw-news-consent`}>
            <button type="submit" class="secondary">
              {rt(lang, 'withdrawNews')}
            </button>
          </form>
        )}
        {isActive(view.status) && (
          <a class="button danger-outline" href={`${base}/cancel`}>
            {rt(lang, 'cancel')}
          </a>
        )}
        {!view.anonymised && (
          <a class="button danger-outline" href={`${base}/erase`}>
            {rt(lang, 'erase')}
          </a>
        )}
      </div>
    </Layout>
  );
}

/** The second step before something that cannot be undone: a question, a warning, one button. */
export function ConfirmPage(props: { meta: PageMeta; event: EventView; token: string; action: 'cancel' | 'erase' }) {
  const { lang } = props.meta;
  const base = `/manage/${props.token}`;
  const words =
    props.action === 'cancel'
      ? (['cancelQuestion', 'cancelWarning', 'cancelYes'] as const)
      : (['eraseQuestion', 'eraseWarning', 'eraseYes'] as const);
  return (
    <Layout {...props.meta}>
      <h1>{rt(lang, words[0])}</h1>
      <p class="lead">{title(props.event, lang)}</p>
      <p class="notice warn">{rt(lang, words[1])}</p>
      <form method="post" action={`${base}/${props.action}`} class="actions">
        <button type="submit" class="danger">
          {rt(lang, words[2])}
        </button>
        <a class="button secondary" href={base}>
          {rt(lang, 'goBack')}
        </a>
      </form>
    </Layout>
  );
}
