import type { EventView } from '../events/events.usecases.js';
import { title } from '../pages/catalogue.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { ColumnHeads } from '../pages/table.js';
import { statusLabel } from '../registrations/registrations.strings.js';
import type { Lang } from '../shared/time.js';
import { type BoothView, byZone, type RequestView } from './booths.presenter.js';
import { BOOTH_TYPES, SUPPORT_LEVELS } from './booths.schemas.js';
import { boothStateLabel, boothTypeName, bs, supportLabel } from './booths.strings.js';
import type { FairBooths } from './booths.usecases.js';

export type BoothsDone = 'created' | 'allocated' | 'moved' | 'released';

/** What a refused form shows again: its messages, and the create form's values. */
export interface BoothsFormState {
  errors: string[];
  create?: Record<string, string>;
  allocate?: { registrationId: string; boothIds: string[] };
}

const COLS = 8;
const W = 84;
const H = 60;
const GAP = 6;

/** One zone as SVG: a booth is a box with its code and, once given, its facility's name. */
function ZoneMap({ zone, booths, lang }: { zone: string; booths: BoothView[]; lang: Lang }) {
  const cols = Math.min(COLS, booths.length);
  const rows = Math.ceil(booths.length / COLS);
  const width = cols * (W + GAP) + GAP;
  const height = rows * (H + GAP) + GAP;
  const name = zone || bs(lang, 'noZone');
  const id = `zone-${encodeURIComponent(zone || '-')}`;
  return (
    <figure class="booth-zone">
      <figcaption id={id}>
        {zone ? `${bs(lang, 'zone')} ${zone}` : name} · {booths.length} {bs(lang, 'booths')}
      </figcaption>
      <div class="booth-map-frame">
        <svg viewBox={`0 0 ${width} ${height}`} width={width} aria-labelledby={id} class="booth-map">
          <title>{`${bs(lang, 'map')}: ${name}`}</title>
          {booths.map((b, i) => {
            const x = GAP + (i % COLS) * (W + GAP);
            const y = GAP + Math.floor(i / COLS) * (H + GAP);
            const who = b.facilityName ? `: ${b.facilityName}` : '';
            const short = b.facilityName && b.facilityName.length > 13 ? `${b.facilityName.slice(0, 12)}…` : (b.facilityName ?? '');
            return (
              <g class={`booth booth-${b.state}`} data-code={b.code} data-state={b.state}>
                <title>{`${b.code} — ${boothStateLabel(b.state, lang)}${who}`}</title>
                <rect x={x} y={y} width={W} height={H} rx={4} />
                <text x={x + W / 2} y={y + 22} text-anchor="middle" class="booth-code">
                  {b.code}
                </text>
                <text x={x + W / 2} y={y + 42} text-anchor="middle" class="booth-who">
                  {b.state === 'free' ? boothStateLabel('free', lang) : short}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
    </figure>
  );
}

function Legend({ lang }: { lang: Lang }) {
  return (
    <ul class="booth-legend">
      {(['free', 'held', 'allocated'] as const).map((state) => (
        <li>
          <span class={`swatch booth-${state}`} aria-hidden="true" />
          {boothStateLabel(state, lang)}
        </li>
      ))}
    </ul>
  );
}

function requestLabel(r: RequestView, lang: Lang): string {
  const who = r.facilityName ?? r.contactName;
  return `${who} — ${r.allocated}/${r.requested?.count ?? 0} ${bs(lang, 'booths')}`;
}

function AllocateForm({ eventId, fair, form, lang }: { eventId: string; fair: FairBooths; form: BoothsFormState; lang: Lang }) {
  const open = fair.requests.filter((r) => r.missing > 0 && (r.status === 'pending' || r.status === 'confirmed'));
  const free = fair.booths.filter((b) => b.state === 'free');
  const zones = [...new Set(fair.booths.map((b) => b.zone))];
  const ticked = new Set(form.allocate?.boothIds ?? []);
  return (
    <form method="post" action={`/admin/events/${eventId}/booths/allocate`} class="form booth-allocate">
      <h2>{bs(lang, 'allocateHeading')}</h2>
      <p class="hint">{bs(lang, 'allocateHint')}</p>
      <div class="field">
        <label for="registrationId">{bs(lang, 'request')}</label>
        <select id="registrationId" name="registrationId" required>
          <option value="">{bs(lang, 'chooseRequest')}</option>
          {open.map((r) => (
            <option value={r.id} selected={form.allocate?.registrationId === r.id}>
              {requestLabel(r, lang)}
            </option>
          ))}
        </select>
      </div>
      <fieldset class="block">
        <legend>{bs(lang, 'pickOnMap')}</legend>
        {byZone(free).map(({ zone, booths }) => (
          <fieldset class="booth-picks">
            <legend class="booth-picks-zone">{zone ? `${bs(lang, 'zone')} ${zone}` : bs(lang, 'noZone')}</legend>
            {booths.map((b) => (
              <label class="booth-pick">
                <input type="checkbox" name="boothIds" value={b.id} checked={ticked.has(b.id)} />
                <span>{b.code}</span>
              </label>
            ))}
          </fieldset>
        ))}
        <button type="submit" name="pick" value="chosen" class="button primary">
          {bs(lang, 'allocateChosen')}
        </button>
      </fieldset>
      <fieldset class="block">
        <legend>{bs(lang, 'allocateAuto')}</legend>
        <div class="filters">
          <label>
            {bs(lang, 'type')}
            <select name="type">
              <option value="">{bs(lang, 'anyType')}</option>
              {BOOTH_TYPES.map((t) => (
                <option value={t}>{boothTypeName(t, lang)}</option>
              ))}
            </select>
          </label>
          <label>
            {bs(lang, 'zone')}
            <select name="zone">
              <option value="">{bs(lang, 'anyZone')}</option>
              {zones.map((z) => (
                <option value={z}>{z || bs(lang, 'noZone')}</option>
              ))}
            </select>
          </label>
          <button type="submit" name="pick" value="auto" class="button secondary">
            {bs(lang, 'allocateAuto')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

function CreateForm(props: { eventId: string; values: Record<string, string>; lang: Lang; booths: number; capacity: number }) {
  const { eventId, values, lang } = props;
  // Adding booths sets the capacity to the inventory: said before it happens, not after.
  const note =
    props.booths === 0
      ? bs(lang, 'capacityBecomesInventory').replace('{capacity}', String(props.capacity))
      : bs(lang, 'capacityFollowsInventory').replace('{booths}', String(props.booths));
  return (
    <form method="post" action={`/admin/events/${eventId}/booths`} class="form booth-create">
      <h2>{bs(lang, 'createHeading')}</h2>
      <p class={props.booths === 0 && props.capacity > 0 ? 'notice warn' : 'hint'}>{note}</p>
      <div class="field">
        <label for="codes">{bs(lang, 'codes')}</label>
        <input id="codes" name="codes" value={values.codes ?? ''} required maxlength={2000} placeholder="A01–A40" />
      </div>
      <div class="filters">
        <label>
          {bs(lang, 'type')}
          <select name="type">
            {BOOTH_TYPES.map((t) => (
              <option value={t} selected={(values.type ?? 'standard') === t}>
                {boothTypeName(t, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {bs(lang, 'size')}
          <input name="size" value={values.size ?? '3x3'} size={6} required />
        </label>
        <label>
          {bs(lang, 'zone')}
          <input name="zone" value={values.zone ?? ''} size={8} maxlength={40} />
        </label>
        <label>
          {bs(lang, 'support')}
          <select name="supportLevel">
            {SUPPORT_LEVELS.map((l) => (
              <option value={l} selected={(values.supportLevel ?? 'paid') === l}>
                {supportLabel(l, lang)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <button type="submit" class="button primary">
        {bs(lang, 'create')}
      </button>
    </form>
  );
}

function BoothRow({ eventId, b, free, lang }: { eventId: string; b: BoothView; free: BoothView[]; lang: Lang }) {
  return (
    <tr id={`b-${b.code}`}>
      <td>
        <strong>{b.code}</strong>
      </td>
      <td>{b.zone}</td>
      <td>
        {boothTypeName(b.type, lang)}, {b.size.replace('x', ' × ')} m
      </td>
      <td>{supportLabel(b.supportLevel, lang)}</td>
      <td>{boothStateLabel(b.state, lang)}</td>
      <td>{b.facilityName ?? ''}</td>
      <td>
        {b.state !== 'free' && (
          <div class="booth-actions">
            <form method="post" action={`/admin/events/${eventId}/booths/${b.id}/move`} class="inline">
              <label>
                <span class="visually-hidden">
                  {bs(lang, 'moveTo')} ({b.code})
                </span>
                <select name="toBoothId" required>
                  <option value="">{bs(lang, 'moveTo')}…</option>
                  {free.map((f) => (
                    <option value={f.id}>{f.code}</option>
                  ))}
                </select>
              </label>
              <button type="submit">{bs(lang, 'move')}</button>
            </form>
            <form method="post" action={`/admin/events/${eventId}/booths/${b.id}/release`} class="inline">
              <button type="submit" class="danger-outline">
                {bs(lang, 'release')}
              </button>
            </form>
          </div>
        )}
      </td>
    </tr>
  );
}

export function BoothsPage(props: {
  meta: PageMeta;
  event: EventView;
  fair: FairBooths;
  done: BoothsDone | undefined;
  form: BoothsFormState;
}) {
  const { meta, event, fair, done, form } = props;
  const lang = meta.lang;
  const free = fair.booths.filter((b) => b.state === 'free');
  return (
    <Layout {...meta}>
      <p class="kicker">
        <a href={`/admin/events/${event.id}/registrations`}>{bs(lang, 'registrations')}</a>
      </p>
      <h1>
        {bs(lang, 'heading')} — {title(event, lang)}
      </h1>
      <p>
        {bs(lang, 'capacity')}: {fair.capacity} {bs(lang, 'booths')} · {bs(lang, 'held')}: {fair.heldUnits} · {bs(lang, 'left')}:{' '}
        {fair.units.left}
        {fair.units.over > 0 && (
          <strong class="over-capacity">
            {' '}
            · {bs(lang, 'over')} {fair.units.over}
          </strong>
        )}{' '}
        · <a href={`/admin/events/${event.id}/booths/export.csv`}>{bs(lang, 'exportCsv')}</a>
      </p>
      {done && (
        <p class="notice ok" role="status">
          {bs(lang, done)}
        </p>
      )}
      {form.errors.length > 0 && (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2>{bs(lang, 'errorsHeading')}</h2>
          <ul>
            {form.errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      )}
      <section aria-labelledby="map-heading">
        <h2 id="map-heading">{bs(lang, 'map')}</h2>
        <p class="hint">{bs(lang, 'mapHint')}</p>
        <Legend lang={lang} />
        {fair.booths.length === 0 ? (
          <p>{bs(lang, 'empty')}</p>
        ) : (
          byZone(fair.booths).map(({ zone, booths }) => <ZoneMap zone={zone} booths={booths} lang={lang} />)
        )}
      </section>
      {fair.booths.length > 0 && <AllocateForm eventId={event.id} fair={fair} form={form} lang={lang} />}
      <section aria-labelledby="requests-heading">
        <h2 id="requests-heading">{bs(lang, 'requestsHeading')}</h2>
        {fair.requests.length === 0 ? (
          <p>{bs(lang, 'noRequests')}</p>
        ) : (
          <div class="scroll">
            <table class="booth-requests">
              <ColumnHeads labels={[bs(lang, 'facility'), bs(lang, 'requested'), bs(lang, 'allocatedCol'), bs(lang, 'status')]} />
              <tbody>
                {fair.requests.map((r) => (
                  <tr>
                    <td>
                      {r.facilityName ?? ''}
                      <br />
                      <span class="muted">{r.contactName}</span>
                    </td>
                    <td>
                      {r.requested
                        ? `${r.requested.count} × ${boothTypeName(r.requested.type, lang)} ${r.requested.size.replace('x', ' × ')} m`
                        : ''}
                    </td>
                    <td>{r.allocated}</td>
                    <td>{statusLabel(r.status, lang, null)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {fair.booths.length > 0 && (
        <section aria-labelledby="list-heading">
          <h2 id="list-heading">{bs(lang, 'heading')}</h2>
          <div class="scroll">
            <table class="booths">
              <ColumnHeads
                labels={[
                  bs(lang, 'code'),
                  bs(lang, 'zone'),
                  bs(lang, 'type'),
                  bs(lang, 'support'),
                  bs(lang, 'state'),
                  bs(lang, 'facility'),
                  bs(lang, 'actions'),
                ]}
              />
              <tbody>
                {fair.booths.map((b) => (
                  <BoothRow eventId={event.id} b={b} free={free} lang={lang} />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <CreateForm eventId={event.id} values={form.create ?? {}} lang={lang} booths={fair.booths.length} capacity={fair.capacity} />
    </Layout>
  );
}
