import { isSurveyed } from '../feedback/feedback.rules.js';
import { title } from '../pages/catalogue.js';
import { ErrorSummary, Field, type FieldErrors, type FieldSpec, type FormValues } from '../pages/form-fields.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { KIND_LABELS, SCOPE_LABELS, STATUS_LABELS, topicLabel } from '../pages/strings.js';
import { inLanguage } from '../shared/text.js';
import { formatDateTime, formatDay, formatTime, type Lang } from '../shared/time.js';
import { es } from './event-editor.strings.js';
import type { CancellationAudience } from './event-editor.usecases.js';
import type { EventHomeView } from './event-home.presenter.js';
import type { EventView } from './events.usecases.js';
import { overCapacityText } from './seats.js';

export type HomeNotice = 'created' | 'saved' | 'published' | 'cancelled' | 'duplicated';
const NOTICE_KEYS = {
  created: 'doneCreated',
  saved: 'doneSaved',
  published: 'donePublished',
  cancelled: 'doneCancelled',
  duplicated: 'doneDuplicated',
} as const;

const QUESTION_TYPE_KEYS = { text: 'typeText', choice: 'typeChoice', yes_no: 'typeYesNo', number: 'typeNumber' } as const;

function Sessions({ event, lang }: { event: EventView; lang: Lang }) {
  const sessions = event.sessions ?? [];
  if (sessions.length === 0) return <p>{es(lang, 'noSessions')}</p>;
  return (
    <ol class="plain-list">
      {sessions.map((s) => (
        <li>
          <time datetime={s.startsAt.toISOString()}>{formatDay(s.startsAt, lang)}</time>, {formatTime(s.startsAt)}–{formatTime(s.endsAt)}
          {inLanguage(s.title, s.titleEn, lang) && ` — ${inLanguage(s.title, s.titleEn, lang)}`}
        </li>
      ))}
    </ol>
  );
}

/** An event's back-office home: what it is, where it stands, and everything one can do with it. */
export function EventHomePage(props: { meta: PageMeta; view: EventHomeView; notice: HomeNotice | undefined }) {
  const { lang } = props.meta;
  const { event, questions } = props.view;
  const view = props.view;
  const base = `/admin/events/${event.id}`;
  return (
    <Layout {...props.meta}>
      <p>
        <a href="/admin">{es(lang, 'backToAdmin')}</a>
      </p>
      <p class="kind">
        {KIND_LABELS[event.kind][lang]} · {es(lang, 'home')}
      </p>
      <h1>{title(event, lang)}</h1>
      {props.notice && (
        <p class="notice ok" role="status">
          {es(lang, NOTICE_KEYS[props.notice])}
        </p>
      )}
      <dl class="facts">
        <dt>{es(lang, 'status')}</dt>
        <dd>
          <strong data-status={event.status}>{STATUS_LABELS[event.status][lang]}</strong>
        </dd>
        {event.topic && (
          <>
            <dt>{es(lang, 'topic')}</dt>
            <dd>{topicLabel(event.topic, lang)}</dd>
          </>
        )}
        {event.scope && (
          <>
            <dt>{es(lang, 'scope')}</dt>
            <dd>{SCOPE_LABELS[event.scope][lang]}</dd>
          </>
        )}
        <dt>{es(lang, 'seats')}</dt>
        <dd>
          {event.seats.over > 0 ? (
            <strong class="over-capacity">{overCapacityText(event.seats, lang)}</strong>
          ) : (
            `${event.capacity} ${es(lang, 'seatsLine')} ${event.seatsLeft}`
          )}
          {event.waitlistCount > 0 && ` · ${event.waitlistCount} ${es(lang, 'waiting')}`}
        </dd>
        {event.venue && (
          <>
            <dt>{es(lang, 'venue')}</dt>
            <dd>{[event.venue.name, event.venue.address, event.venue.district].filter(Boolean).join(', ')}</dd>
          </>
        )}
        <dt>{es(lang, 'registration')}</dt>
        <dd>
          {es(lang, 'opensAt')}: {event.registrationOpensAt ? formatDateTime(event.registrationOpensAt, lang) : es(lang, 'opensOnPublish')}
          <br />
          {es(lang, 'closesAt')}:{' '}
          {event.registrationClosesAt ? formatDateTime(event.registrationClosesAt, lang) : es(lang, 'closesAtStart')}
        </dd>
      </dl>
      <nav aria-label={es(lang, 'home')}>
        <ul class="links">
          {view.canEdit && (
            <li>
              <a href={`${base}/edit`}>{es(lang, 'edit')}</a>
            </li>
          )}
          {view.previewHref && (
            <li>
              <a href={view.previewHref}>{es(lang, 'preview')}</a>
            </li>
          )}
          {view.publicHref && (
            <li>
              <a href={view.publicHref}>{es(lang, 'publicPage')}</a>
            </li>
          )}
          <li>
            <a href={`${base}/registrations`}>{es(lang, 'registrations')}</a>
          </li>
          <li>
            <a href={`${base}/attendance`}>{es(lang, 'attendance')}</a>
          </li>
          <li>
            <a href={`${base}/sign-in-sheet`}>{es(lang, 'signInSheet')}</a>
          </li>
          <li>
            <a href={`${base}/messages`}>{es(lang, 'messages')}</a>
          </li>
          {isSurveyed(event.kind) && (
            <li>
              <a href={`${base}/feedback`}>{es(lang, 'feedback')}</a>
            </li>
          )}
          {(event.kind === 'training_class' || event.kind === 'cp_workshop') && (
            <li>
              <a href={`${base}/certificates`}>{es(lang, 'certificates')}</a>
            </li>
          )}
        </ul>
      </nav>
      <div class="actions">
        {view.canPublish && (
          <form method="post" action={`${base}/publish`}>
            <button type="submit" class="primary">
              {es(lang, 'publish')}
            </button>
          </form>
        )}
        <a class="button secondary" href={`${base}/duplicate`}>
          {es(lang, 'duplicate')}
        </a>
        {view.canCancel && (
          <a class="button danger-outline" href={`${base}/cancel`}>
            {es(lang, 'cancelEvent')}
          </a>
        )}
      </div>
      {view.canPublish && <p class="hint">{es(lang, 'publishHint')}</p>}
      <h2>{es(lang, 'sessions')}</h2>
      <Sessions event={event} lang={lang} />
      <h2>{es(lang, 'questions')}</h2>
      {questions.length === 0 ? (
        <p>{es(lang, 'noQuestions')}</p>
      ) : (
        <ul class="plain-list">
          {questions.map((q) => (
            <li>
              {inLanguage(q.label, q.labelEn, lang)} <span class="muted">({es(lang, QUESTION_TYPE_KEYS[q.type])})</span>
              {q.options.length > 0 && <span class="muted"> — {q.options.join(', ')}</span>}
              {q.answered && <span class="badge"> {es(lang, 'answered')}</span>}
              {q.retired && <span class="badge"> {es(lang, 'retired')}</span>}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** Before cancelling: who will be told, and who must be phoned. */
export function CancelConfirmPage(props: { meta: PageMeta; event: EventView; audience: CancellationAudience }) {
  const { lang } = props.meta;
  const { event, audience } = props;
  const base = `/admin/events/${event.id}`;
  const anyone = audience.confirmed + audience.waitlisted + audience.pending > 0;
  return (
    <Layout {...props.meta}>
      <h1>{es(lang, 'cancelHeading')}</h1>
      <p>
        <strong>{title(event, lang)}</strong> — {STATUS_LABELS[event.status][lang]}
      </p>
      <p class="notice warn">{es(lang, 'cancelEffects')}</p>
      <h2>{es(lang, 'cancelWho')}</h2>
      {anyone ? (
        <dl class="facts audience">
          <dt>{es(lang, 'cancelConfirmed')}</dt>
          <dd data-count="confirmed">{audience.confirmed}</dd>
          <dt>{es(lang, 'cancelWaitlisted')}</dt>
          <dd data-count="waitlisted">{audience.waitlisted}</dd>
          <dt>{es(lang, 'cancelPending')}</dt>
          <dd data-count="pending">{audience.pending}</dd>
          <dt>{es(lang, 'cancelWithEmail')}</dt>
          <dd data-count="with-email">{audience.withEmail}</dd>
          <dt>{es(lang, 'cancelWithoutEmail')}</dt>
          <dd data-count="without-email">{audience.withoutEmail}</dd>
        </dl>
      ) : (
        <p>{es(lang, 'cancelNobody')}</p>
      )}
      <div class="actions">
        <form method="post" action={`${base}/cancel`}>
          <button type="submit" class="danger">
            {es(lang, 'cancelSubmit')}
          </button>
        </form>
        <a class="button secondary" href={base}>
          {es(lang, 'cancelBack')}
        </a>
      </div>
    </Layout>
  );
}

export function duplicateSpecs(lang: Lang): FieldSpec[] {
  return [{ name: 'firstDay', label: es(lang, 'firstDay'), kind: 'date', required: true }];
}

/** The next run: pick the first session's day; everything else follows. */
export function DuplicatePage(props: { meta: PageMeta; event: EventView; values: FormValues; errors: FieldErrors }) {
  const { lang } = props.meta;
  const { event } = props;
  const base = `/admin/events/${event.id}`;
  const specs = duplicateSpecs(lang);
  return (
    <Layout {...props.meta}>
      <h1>{es(lang, 'duplicateHeading')}</h1>
      <p>
        <strong>{title(event, lang)}</strong>
        {event.startsAt && (
          <>
            {' '}
            — {es(lang, 'firstDayNow')}: {formatDateTime(event.startsAt, lang)}
          </>
        )}
      </p>
      <p>{es(lang, 'duplicateIntro')}</p>
      <ErrorSummary specs={specs} errors={props.errors} lang={lang} />
      <form method="post" action={`${base}/duplicate`} class="form" novalidate>
        {specs.map((spec) => (
          <Field spec={spec} values={props.values} errors={props.errors} lang={lang} />
        ))}
        <p class="actions">
          <button type="submit" class="primary">
            {es(lang, 'duplicateSubmit')}
          </button>
          <a class="button secondary" href={base}>
            {es(lang, 'cancelEdit')}
          </a>
        </p>
      </form>
    </Layout>
  );
}
