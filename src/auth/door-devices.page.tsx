import { title } from '../pages/catalogue.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { ROLE_LABELS } from '../pages/strings.js';
import { ColumnHeads } from '../pages/table.js';
import { lookup } from '../shared/strings.js';
import { formatDateTime, formatDay, type Lang } from '../shared/time.js';
import type { DoorDevicesView, DoorTokenView } from './door-devices.usecases.js';

const STRINGS = {
  heading: { vi: 'Mã cho máy quét tại cửa', en: 'Door device tokens' },
  intro: {
    vi: 'Mỗi điện thoại hoặc máy quét ở cửa dùng một mã riêng, chỉ soát vé được cho các sự kiện được giao. Thu hồi mã khi máy bị mất hoặc hết đợt.',
    en: 'Each phone or scanner at a door gets its own token, valid only for the events it is given. Revoke it when a device is lost or the event is over.',
  },
  issuedTitle: { vi: 'Đã cấp mã cho', en: 'Token issued for' },
  issuedOnce: { vi: 'Mã chỉ hiện một lần, hãy chép ngay:', en: 'Shown once only; copy it now:' },
  issuedHow: {
    vi: 'Trên điện thoại, mở trang /scan, chọn «Ghép máy bằng mã QR» và đưa camera vào mã QR này; hoặc chọn «Dùng mã thiết bị» và dán mã.',
    en: 'On the phone, open /scan, choose “Pair by QR” and point the camera at this code; or choose “Use device token” and paste it.',
  },
  qrAlt: { vi: 'Mã QR ghép máy quét', en: 'Pairing QR code for the scanner' },
  newHeading: { vi: 'Cấp mã mới', en: 'Issue a token' },
  name: { vi: 'Tên máy (VD: Máy quét cửa 1)', en: 'Device name (e.g. Door 1 scanner)' },
  device: { vi: 'Tên máy', en: 'Device' },
  events: { vi: 'Sự kiện được soát vé', en: 'Events it may scan' },
  noEvents: { vi: 'Chưa có sự kiện nào đang mở để giao.', en: 'No open events to give yet.' },
  issue: { vi: 'Cấp mã', en: 'Issue token' },
  listHeading: { vi: 'Các mã đã cấp', en: 'Tokens issued' },
  none: { vi: 'Chưa cấp mã nào.', en: 'No tokens yet.' },
  role: { vi: 'Quyền', en: 'Role' },
  created: { vi: 'Cấp lúc', en: 'Issued' },
  state: { vi: 'Trạng thái', en: 'State' },
  active: { vi: 'Đang dùng', en: 'Active' },
  revokedAt: { vi: 'Đã thu hồi lúc', en: 'Revoked at' },
  revoke: { vi: 'Thu hồi', en: 'Revoke' },
  allEvents: { vi: 'Mọi sự kiện', en: 'All events' },
  revoked: { vi: 'Đã thu hồi mã', en: 'Token revoked' },
} as const;

const s = lookup(STRINGS);

function scopeText(events: DoorTokenView['events'], lang: Lang) {
  if (events === null) return s(lang, 'allEvents');
  return events.map((x) => (x.event ? title(x.event, lang) : x.id)).join('; ');
}

export function DoorDevicesPage(props: {
  meta: PageMeta;
  view: DoorDevicesView;
  issued?: { name: string; token: string; qrSvg: string } | undefined;
  error?: string | undefined;
  form?: { name: string; eventIds: string[] } | undefined;
}) {
  const { lang } = props.meta;
  const { tokens, openEvents, revokedName } = props.view;
  const chosen = new Set(props.form?.eventIds ?? []);
  return (
    <Layout {...props.meta}>
      <h1>{s(lang, 'heading')}</h1>
      <p>{s(lang, 'intro')}</p>
      {props.issued && (
        <div class="notice ok" role="status">
          <p>
            {s(lang, 'issuedTitle')} <strong>{props.issued.name}</strong>. {s(lang, 'issuedOnce')}
          </p>
          <div class="pairing">
            <figure class="pairing-qr" id="pairing-qr" role="img" aria-label={s(lang, 'qrAlt')}>
              {/* Made on the server by the qrcode package from the token alone: no outside text inside. */}
              <div dangerouslySetInnerHTML={{ __html: props.issued.qrSvg }} />
            </figure>
            <div>
              <p class="manage-url" id="issued-token">
                {props.issued.token}
              </p>
              <p>{s(lang, 'issuedHow')}</p>
            </div>
          </div>
        </div>
      )}
      {revokedName && (
        <p class="notice ok" role="status">
          {s(lang, 'revoked')}: {revokedName}
        </p>
      )}
      {props.error && (
        <p class="notice danger" role="alert">
          {props.error}
        </p>
      )}

      <h2>{s(lang, 'newHeading')}</h2>
      {openEvents.length === 0 ? (
        <p>{s(lang, 'noEvents')}</p>
      ) : (
        <form method="post" action="/admin/devices" class="stack devices-form">
          <label>
            {s(lang, 'name')}
            <input name="name" required minlength={2} maxlength={100} value={props.form?.name ?? ''} />
          </label>
          <fieldset class="field">
            <legend>{s(lang, 'events')}</legend>
            {openEvents.map((e) => (
              <label class="choice">
                <input type="checkbox" name="eventIds" value={e.id} checked={chosen.has(e.id)} /> {title(e, lang)}
                {e.startsAt ? ` (${formatDay(e.startsAt, lang)})` : ''}
              </label>
            ))}
          </fieldset>
          <button type="submit" class="primary">
            {s(lang, 'issue')}
          </button>
        </form>
      )}

      <h2>{s(lang, 'listHeading')}</h2>
      {tokens.length === 0 ? (
        <p>{s(lang, 'none')}</p>
      ) : (
        <div class="scroll">
          <table class="devices">
            <ColumnHeads labels={[s(lang, 'device'), s(lang, 'role'), s(lang, 'events'), s(lang, 'created'), s(lang, 'state')]} />
            <tbody>
              {tokens.map((t) => (
                <tr>
                  <td>{t.name}</td>
                  <td>{ROLE_LABELS[t.role][lang]}</td>
                  <td>{scopeText(t.events, lang)}</td>
                  <td>{formatDateTime(t.createdAt, lang)}</td>
                  <td>
                    {t.revokedAt ? (
                      `${s(lang, 'revokedAt')} ${formatDateTime(t.revokedAt, lang)}`
                    ) : (
                      <form method="post" action={`/admin/devices/${t.id}/revoke`}>
                        {s(lang, 'active')}{' '}
                        <button type="submit" class="secondary">
                          {s(lang, 'revoke')}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
