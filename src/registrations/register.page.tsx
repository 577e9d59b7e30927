import type { EventView } from '../events/events.usecases.js';
import { title } from '../pages/catalogue.js';
import { ErrorSummary, Field, type FieldErrors, type FieldSpec, type FormValues } from '../pages/form-fields.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { formatDay, formatTime, type Lang } from '../shared/time.js';
import { CONSENT_VERSION } from './registrations.schemas.js';
import { consentText, rt } from './registrations.strings.js';

export interface RegistrationFields {
  person: FieldSpec[];
  facility: FieldSpec[];
  booth: FieldSpec[];
  questions: FieldSpec[];
  consent: FieldSpec[];
}

/** The form's fields for this event: fairs add the facility and the booth request. */
export function registrationFields(event: EventView, lang: Lang): RegistrationFields {
  const say = (key: Parameters<typeof rt>[1]) => rt(lang, key);
  const options = (values: readonly string[], label: (v: string) => string) => values.map((value) => ({ value, label: label(value) }));
  const fair = event.kind === 'fair';
  return {
    person: [
      { name: 'person.fullName', label: say('fullName'), kind: 'text', required: true, autocomplete: 'name', maxLength: 120 },
      {
        name: 'person.phone',
        label: say('phone'),
        kind: 'tel',
        required: true,
        autocomplete: 'tel',
        hint: say('phoneHint'),
        maxLength: 40,
      },
      {
        name: 'person.email',
        label: say('email'),
        kind: 'email',
        required: event.emailRequired,
        autocomplete: 'email',
        hint: say('emailHint'),
        maxLength: 254,
      },
      {
        name: 'person.gender',
        label: say('gender'),
        kind: 'select',
        options: options(['female', 'male', 'other'], (v) => say(v === 'other' ? 'otherGender' : (v as 'female' | 'male'))),
      },
      { name: 'person.birthYear', label: say('birthYear'), kind: 'year', autocomplete: 'bday-year' },
      { name: 'person.district', label: say('district'), kind: 'text', maxLength: 100 },
      { name: 'person.commune', label: say('commune'), kind: 'text', maxLength: 100 },
      { name: 'person.position', label: say('position'), kind: 'text', autocomplete: 'organization-title', maxLength: 120 },
      { name: 'person.idNumber', label: say('idNumber'), kind: 'text', inputMode: 'numeric', hint: say('idNumberHint'), maxLength: 12 },
    ],
    facility: fair
      ? [
          { name: 'facility.name', label: say('facilityName'), kind: 'text', required: true, autocomplete: 'organization', maxLength: 200 },
          { name: 'facility.taxCode', label: say('taxCode'), kind: 'text', inputMode: 'numeric', hint: say('taxCodeHint'), maxLength: 20 },
          { name: 'facility.district', label: say('facilityDistrict'), kind: 'text', required: true, maxLength: 100 },
          { name: 'facility.address', label: say('address'), kind: 'text', autocomplete: 'street-address', maxLength: 300 },
          { name: 'facility.sector', label: say('sector'), kind: 'text', maxLength: 120 },
          { name: 'facility.representative', label: say('representative'), kind: 'text', maxLength: 120 },
          { name: 'facility.products', label: say('products'), kind: 'textarea', maxLength: 1000 },
        ]
      : // A trainee may come from a facility: then the sign-in sheet and the door name it.
        [
          {
            name: 'facility.name',
            label: say('ownFacilityName'),
            kind: 'text',
            autocomplete: 'organization',
            hint: say('ownFacilityHint'),
            maxLength: 200,
          },
          { name: 'facility.taxCode', label: say('taxCode'), kind: 'text', inputMode: 'numeric', hint: say('taxCodeHint'), maxLength: 20 },
          { name: 'facility.district', label: say('facilityDistrict'), kind: 'text', hint: say('ownFacilityDistrictHint'), maxLength: 100 },
        ],
    booth: fair
      ? [
          {
            name: 'booth.type',
            label: say('boothType'),
            kind: 'radio',
            required: true,
            options: options(['standard', 'corner', 'outdoor'], (v) => say(v as 'standard')),
          },
          {
            name: 'booth.size',
            label: say('boothSize'),
            kind: 'radio',
            required: true,
            options: options(['3x3', '3x6', '6x6'], (v) => `${v.replace('x', ' × ')} m`),
          },
          {
            name: 'booth.count',
            label: say('boothCount'),
            kind: 'select',
            required: true,
            options: options(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'], (v) => v),
          },
          { name: 'booth.products', label: say('boothProducts'), kind: 'textarea', required: true, maxLength: 1000 },
        ]
      : [],
    questions: (event.questions ?? []).map((q): FieldSpec => {
      const base = { name: `answers.${q.id}`, label: lang === 'en' && q.labelEn ? q.labelEn : q.label, required: q.required };
      if (q.type === 'yes_no')
        return {
          ...base,
          kind: 'radio',
          options: [
            { value: 'yes', label: say('yes') },
            { value: 'no', label: say('no') },
          ],
        };
      if (q.type === 'choice') return { ...base, kind: q.options.length <= 4 ? 'radio' : 'select', options: options(q.options, (v) => v) };
      return { ...base, kind: q.type === 'number' ? 'number' : 'text', maxLength: 2000 };
    }),
    consent: [
      { name: 'consent.processing', label: say('consentProcessing'), kind: 'checkbox', required: true },
      { name: 'consent.news', label: say('consentNews'), kind: 'checkbox' },
    ],
  };
}

export const allFields = (f: RegistrationFields): FieldSpec[] => [...f.facility, ...f.person, ...f.booth, ...f.questions, ...f.consent];

function EventSummary({ event, lang }: { event: EventView; lang: Lang }) {
  return (
    <p class="lead">
      {event.startsAt && (
        <time datetime={event.startsAt.toISOString()}>
          {formatDay(event.startsAt, lang)}, {formatTime(event.startsAt)}
        </time>
      )}
      {event.venue && ` · ${event.venue.name}`}
    </p>
  );
}

function Block(props: { legend: string; specs: FieldSpec[]; values: FormValues; errors: FieldErrors; lang: Lang; children?: unknown }) {
  if (props.specs.length === 0) return null;
  return (
    <fieldset class="block">
      <legend>{props.legend}</legend>
      {props.children}
      {props.specs.map((spec) => (
        <Field spec={spec} values={props.values} errors={props.errors} lang={props.lang} />
      ))}
    </fieldset>
  );
}

export function RegisterPage(props: { meta: PageMeta; event: EventView; values: FormValues; errors: FieldErrors }) {
  const { meta, event, values, errors } = props;
  const { lang } = meta;
  const fields = registrationFields(event, lang);
  const fair = event.kind === 'fair';
  const common = { values, errors, lang };
  return (
    <Layout {...meta}>
      <p>
        <a href={`/events/${event.id}`}>← {title(event, lang)}</a>
      </p>
      <h1>
        <span class="kicker">{rt(lang, 'registerFor')}</span> {title(event, lang)}
      </h1>
      <EventSummary event={event} lang={lang} />
      {event.seatsLeft === 0 && <p class="notice warn">{rt(lang, 'fullNotice')}</p>}
      {event.requiresApproval && <p class="notice">{rt(lang, 'approvalNotice')}</p>}
      <ErrorSummary specs={allFields(fields)} errors={errors} lang={lang} />
      <form method="post" action={`/events/${event.id}/register`} id="registration-form" class="form">
        {fair && <Block legend={rt(lang, 'facility')} specs={fields.facility} {...common} />}
        <Block legend={rt(lang, fair ? 'contactPerson' : 'person')} specs={fields.person} {...common} />
        {!fair && <Block legend={rt(lang, 'ownFacility')} specs={fields.facility} {...common} />}
        <Block legend={rt(lang, 'booth')} specs={fields.booth} {...common} />
        <Block legend={rt(lang, 'questions')} specs={fields.questions} {...common} />
        <Block legend={rt(lang, 'consent')} specs={fields.consent} {...common}>
          <p class="consent-text">{consentText(lang)}</p>
          <p class="hint">
            {rt(lang, 'consentVersion')}: {CONSENT_VERSION}
          </p>
        </Block>
        <button type="submit" class="primary">
          {rt(lang, 'submit')}
        </button>
      </form>
    </Layout>
  );
}

/**
 * The same person again: said so, and nothing else about the registration (not its status:
 * whoever typed the phone may not be the one who registered). The link can be sent again, to
 * the email on file only; the contact typed here rides the form back as it was given.
 */
export function AlreadyRegisteredPage(props: {
  meta: PageMeta;
  event: EventView;
  contact: { phone: string | null; email: string | null; idNumber: string | null };
}) {
  const { lang } = props.meta;
  const { contact } = props;
  return (
    <Layout {...props.meta}>
      <h1>{rt(lang, 'alreadyTitle')}</h1>
      <p class="lead">{title(props.event, lang)}</p>
      <p>{rt(lang, 'alreadyBody')}</p>
      <p>{rt(lang, 'alreadyLink')}</p>
      <form method="post" action={`/events/${props.event.id}/resend-link`} class="actions">
        {contact.phone && <input type="hidden" name="person.phone" value={contact.phone} />}
        {contact.email && <input type="hidden" name="person.email" value={contact.email} />}
        {contact.idNumber && <input type="hidden" name="person.idNumber" value={contact.idNumber} />}
        <button type="submit" class="primary">
          {rt(lang, 'resendButton')}
        </button>
      </form>
      <p class="muted small">{rt(lang, 'notYours')}</p>
      <p>
        <a href={`/events/${props.event.id}`}>← {title(props.event, lang)}</a>
      </p>
    </Layout>
  );
}

/** After "send me the link again": the same words whatever happened, so the page reveals nothing. */
export function LinkResentPage(props: { meta: PageMeta; event: EventView }) {
  const { lang } = props.meta;
  return (
    <Layout {...props.meta}>
      <h1>{rt(lang, 'resentTitle')}</h1>
      <p class="lead">{title(props.event, lang)}</p>
      <p role="status">{rt(lang, 'resentBody')}</p>
      <p>{rt(lang, 'notYours')}</p>
      <p>
        <a href={`/events/${props.event.id}`}>← {title(props.event, lang)}</a>
      </p>
    </Layout>
  );
}
