import { title } from '../pages/catalogue.js';
import type { FieldErrors } from '../pages/form-fields.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { ColumnHeads } from '../pages/table.js';
import { formatDateTime, type Lang } from '../shared/time.js';
import { BODY_MAX, READY_TEXTS, SUBJECT_MAX } from './message-text.js';
import type { AudienceView, MessageView } from './messages.presenter.js';
import { audienceLabel, ms } from './messages.strings.js';
import type { MessagesOverview } from './messages.usecases.js';

/** The form as typed (re-shown when refused or previewed) and what was wrong with it. */
export interface MessageForm {
  values: { audience: string; subject: string; body: string };
  errors: FieldErrors;
}

export interface MessagesPreview {
  to: string | null;
  subject: string;
  body: string;
}

const fill = (text: string, n: number) => text.replace('{n}', String(n));

function AudienceChoice({ a, checked, lang }: { a: AudienceView; checked: boolean; lang: Lang }) {
  const id = `audience-${a.audience}`;
  return (
    <label class="choice audience" for={id}>
      <input type="radio" id={id} name="audience" value={a.audience} checked={checked} required />
      <span>
        {audienceLabel(a.audience, lang)}:{' '}
        <strong class="audience-count" data-audience={a.audience} data-recipients={String(a.recipients)}>
          {a.recipients} {ms(lang, a.alreadySent ? 'notReceived' : 'people')}
        </strong>
        {a.withoutEmail > 0 && (
          <span class="muted">
            {' '}
            (+{a.withoutEmail} {ms(lang, 'withoutEmail')})
          </span>
        )}
        {a.waitsForStart && <span class="muted"> ({ms(lang, 'waitsForStart')})</span>}
      </span>
    </label>
  );
}

function Errors({ errors, lang }: { errors: FieldErrors; lang: Lang }) {
  const list = Object.values(errors);
  if (list.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>{ms(lang, 'errors')}</h2>
      <ul>
        {list.map((e) => (
          <li>{e}</li>
        ))}
      </ul>
    </div>
  );
}

function Preview({ preview, lang }: { preview: MessagesPreview; lang: Lang }) {
  return (
    <section class="message-preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">{ms(lang, 'previewHeading')}</h2>
      <p class="hint">{preview.to ? `${ms(lang, 'previewFor')}: ${preview.to}` : ms(lang, 'previewNobody')}</p>
      <div class="message-card">
        <p class="message-subject">{preview.subject}</p>
        <div class="message-body">{preview.body}</div>
      </div>
    </section>
  );
}

function SentList({ messages, lang }: { messages: MessageView[]; lang: Lang }) {
  if (messages.length === 0) return <p>{ms(lang, 'noneSent')}</p>;
  return (
    <div class="scroll">
      <table class="messages-sent stack-table">
        <ColumnHeads labels={[ms(lang, 'when'), ms(lang, 'audience'), ms(lang, 'subject'), ms(lang, 'recipients'), ms(lang, 'by')]} />
        <tbody>
          {messages.map((m) => (
            <tr data-message={m.id}>
              <td data-label={ms(lang, 'when')}>
                {formatDateTime(m.createdAt, lang)}
                {m.lastSentAt.getTime() !== m.createdAt.getTime() && (
                  <div class="small muted">
                    {ms(lang, 'lastSent')} {formatDateTime(m.lastSentAt, lang)}
                  </div>
                )}
              </td>
              <td data-label={ms(lang, 'audience')}>{audienceLabel(m.audience, lang)}</td>
              <td data-label={ms(lang, 'subject')}>{m.subject}</td>
              <td data-label={ms(lang, 'recipients')} class="num">
                {m.recipients}
              </td>
              <td data-label={ms(lang, 'by')}>{m.sentBy ?? ms(lang, 'unknownSender')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An event's messages: choose the audience (each with its count), write or start from a ready text, preview, send. */
export function MessagesPage(props: {
  meta: PageMeta;
  overview: MessagesOverview;
  form: MessageForm;
  preview?: MessagesPreview;
  queued?: number | undefined;
}) {
  const { lang } = props.meta;
  const { event, audiences, messages } = props.overview;
  const { values, errors } = props.form;
  const base = `/admin/events/${event.id}/messages`;
  return (
    <Layout {...props.meta}>
      <p>
        <a href={`/admin/events/${event.id}`}>{ms(lang, 'back')}</a>
      </p>
      <h1>
        {ms(lang, 'heading')} — {title(event, lang)}
      </h1>
      {props.queued !== undefined && (
        <p class="notice ok" role="status">
          {props.queued > 0 ? fill(ms(lang, 'queued'), props.queued) : ms(lang, 'queuedNone')}{' '}
          <a href="/admin/mail?status=queued">{ms(lang, 'mailPage')}</a>
        </p>
      )}
      <p class="hint">{ms(lang, 'intro')}</p>
      <Errors errors={errors} lang={lang} />
      <nav class="ready-texts" aria-labelledby="ready-heading">
        <h2 id="ready-heading">{ms(lang, 'ready')}</h2>
        <p class="hint">{ms(lang, 'readyHint')}</p>
        <ul class="links">
          {READY_TEXTS.map((t) => (
            <li>
              <a href={`${base}?template=${t.key}`}>{t.label[lang]}</a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="post" action={base} class="form message-form">
        <fieldset class={errors.audience ? 'field has-error' : 'field'}>
          <legend>{ms(lang, 'audience')}</legend>
          {errors.audience && <p class="field-error">{errors.audience}</p>}
          <div class="audiences">
            {audiences.map((a) => (
              <AudienceChoice a={a} checked={values.audience === a.audience} lang={lang} />
            ))}
          </div>
        </fieldset>
        <div class={errors.subject ? 'field has-error' : 'field'}>
          <label for="message-subject">{ms(lang, 'subject')}</label>
          {errors.subject && <p class="field-error">{errors.subject}</p>}
          <input id="message-subject" name="subject" value={values.subject} maxlength={SUBJECT_MAX} required />
        </div>
        <div class={errors.body ? 'field has-error' : 'field'}>
          <label for="message-body">{ms(lang, 'body')}</label>
          <p class="hint" id="message-body-hint">
            {ms(lang, 'bodyHint')}
          </p>
          {errors.body && <p class="field-error">{errors.body}</p>}
          <textarea id="message-body" name="body" rows={10} maxlength={BODY_MAX} required aria-describedby="message-body-hint">
            {values.body}
          </textarea>
        </div>
        <div class="message-actions">
          <button type="submit" name="intent" value="preview" class="button secondary">
            {ms(lang, 'preview')}
          </button>
          <button type="submit" name="intent" value="send" class="button primary">
            {ms(lang, 'send')}
          </button>
        </div>
      </form>
      {props.preview && <Preview preview={props.preview} lang={lang} />}
      <h2>{ms(lang, 'sentHeading')}</h2>
      <SentList messages={messages} lang={lang} />
    </Layout>
  );
}
