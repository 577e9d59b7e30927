import type { EventView } from '../events/events.usecases.js';
import { registrationWindow } from '../events/registration-window.js';
import { inLanguage } from '../shared/text.js';
import { formatDateTime, formatDay, formatTime, inZone, type Lang } from '../shared/time.js';
import { SeatsBadge, title } from './catalogue.js';
import { Layout, type PageMeta } from './layout.js';
import { KIND_LABELS, SCOPE_LABELS, t, topicLabel } from './strings.js';

/** When it happens and until when one may register, said first: what people look for on the page. */
function WhenAndDeadline({ event, lang }: { event: EventView; lang: Lang }) {
  const { startsAt, endsAt } = event;
  if (!startsAt || !endsAt) return null;
  const sameDay = inZone(startsAt).hasSame(inZone(endsAt), 'day');
  const when = sameDay
    ? `${formatDay(startsAt, lang)}, ${formatTime(startsAt)}–${formatTime(endsAt)}`
    : `${formatDay(startsAt, lang)} – ${formatDay(endsAt, lang)}`;
  const { closesAt } = registrationWindow(
    { status: event.status, registrationOpensAt: event.registrationOpensAt, registrationClosesAt: event.registrationClosesAt, startsAt },
    startsAt,
  );
  return (
    <p class="event-when">
      <time datetime={startsAt.toISOString()}>{when}</time>
      {event.status === 'published' && closesAt && (
        <>
          <br />
          <span class="deadline">
            {t(lang, 'registrationCloses')}: {formatDateTime(closesAt, lang)}
          </span>
        </>
      )}
    </p>
  );
}

/** The public event page; `preview` (a draft, for its organisers) adds a banner and a register button that goes nowhere. */
export function EventPage({ meta, event, preview }: { meta: PageMeta; event: EventView; preview?: { banner: string; back: string } }) {
  const { lang } = meta;
  const description = lang === 'en' && event.descriptionEn ? event.descriptionEn : event.description;
  return (
    <Layout {...meta}>
      {preview && (
        <p class="notice warn preview-banner" role="note">
          <strong>{preview.banner}</strong> <a href={preview.back}>{lang === 'vi' ? 'Về trang quản lý' : 'Back to the back office'}</a>
        </p>
      )}
      <p>
        <a href="/">{t(lang, 'backToList')}</a>
      </p>
      <p class="kind">{KIND_LABELS[event.kind][lang]}</p>
      <h1>{title(event, lang)}</h1>
      <WhenAndDeadline event={event} lang={lang} />
      {event.status === 'cancelled' && (
        <p class="notice danger" role="alert">
          {t(lang, 'cancelledEvent')}
        </p>
      )}
      <dl class="facts">
        {event.topic && (
          <>
            <dt>{t(lang, 'topic')}</dt>
            <dd>{topicLabel(event.topic, lang)}</dd>
          </>
        )}
        {event.scope && (
          <>
            <dt>{t(lang, 'scope')}</dt>
            <dd>{SCOPE_LABELS[event.scope][lang]}</dd>
          </>
        )}
        {event.venue && (
          <>
            <dt>{t(lang, 'venue')}</dt>
            <dd>
              {event.venue.name}
              {event.venue.address && <br />}
              {event.venue.address}
              {event.venue.district && `, ${event.venue.district}`}
            </dd>
          </>
        )}
        <dt>{t(lang, 'capacity')}</dt>
        <dd>
          <SeatsBadge event={event} lang={lang} />
        </dd>
        <dt>{t(lang, 'registration')}</dt>
        <dd>
          {event.registrationState === 'open'
            ? t(lang, 'registrationOpen')
            : event.registrationState === 'not_yet' && event.registrationOpensAt
              ? `${t(lang, 'registrationNotYet')} ${formatDateTime(event.registrationOpensAt, lang)}`
              : t(lang, 'registrationClosed')}
          {event.registrationOpen && event.registrationClosesAt && (
            <>
              <br />
              {t(lang, 'registrationCloses')}: {formatDateTime(event.registrationClosesAt, lang)}
            </>
          )}
          {event.requiresApproval && (
            <>
              <br />
              {t(lang, 'needsApproval')}
            </>
          )}
        </dd>
      </dl>
      {event.registrationOpen && (
        <p class="cta">
          {preview ? (
            <span class="button primary" aria-disabled="true">
              {t(lang, event.seatsLeft > 0 ? 'register' : 'joinWaitlist')}
            </span>
          ) : (
            <a class="button primary" href={`/events/${event.id}/register`}>
              {t(lang, event.seatsLeft > 0 ? 'register' : 'joinWaitlist')}
            </a>
          )}
        </p>
      )}
      {description && <div class="description">{description}</div>}
      <h2>{t(lang, 'sessions')}</h2>
      <table class="sessions">
        <thead>
          <tr>
            <th scope="col">{t(lang, 'session')}</th>
            <th scope="col">{t(lang, 'time')}</th>
          </tr>
        </thead>
        <tbody>
          {(event.sessions ?? []).map((s, i) => (
            <tr>
              <td>{inLanguage(s.title, s.titleEn, lang) ?? `${t(lang, 'session')} ${i + 1}`}</td>
              <td>
                <time datetime={s.startsAt.toISOString()}>{formatDay(s.startsAt, lang)}</time>, {formatTime(s.startsAt)}–
                {formatTime(s.endsAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
