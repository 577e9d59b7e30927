import type { AttentionView } from '../attention/attention.usecases.js';
import { type Actor, hasRole, programmeReach } from '../auth/actor.js';
import type { EventView } from '../events/events.usecases.js';
import type { ProgrammeView } from '../programmes/programmes.usecases.js';
import { formatDay } from '../shared/time.js';
import { AttentionSection } from './attention.js';
import { title } from './catalogue.js';
import { Layout, type PageMeta } from './layout.js';
import { KIND_LABELS, ROLE_LABELS, STATUS_LABELS, t } from './strings.js';

/** Coming and running events first, soonest first; then past ones, latest first; drafts without sessions last. */
function forTheDesk(events: EventView[], now: Date): EventView[] {
  const t = now.getTime();
  const dated = events.filter((e): e is EventView & { startsAt: Date } => Boolean(e.startsAt));
  const upcoming = dated.filter((e) => (e.endsAt ?? e.startsAt).getTime() >= t).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const past = dated.filter((e) => (e.endsAt ?? e.startsAt).getTime() < t).sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
  return [...upcoming, ...past, ...events.filter((e) => !e.startsAt)];
}

/** The back office's front door: who is signed in, the events, the programmes' targets. */
export function AdminPage(props: {
  meta: PageMeta;
  actor: Actor;
  events: EventView[];
  programmes: ProgrammeView[];
  now: Date;
  attention?: AttentionView | null;
}) {
  const { lang } = props.meta;
  const events = forTheDesk(props.events, props.now);
  const organiser = hasRole(props.actor, 'organiser');
  // Door staff and up run events; a programme manager only reads the programmes below.
  const runsEvents = hasRole(props.actor, 'scanner');
  return (
    <Layout {...props.meta}>
      <h1>{t(lang, 'staffArea')}</h1>
      <p>
        {t(lang, 'signedInAs')} <strong>{props.actor.kind === 'user' ? props.actor.email : props.actor.name}</strong> (
        {ROLE_LABELS[props.actor.role][lang]})
      </p>
      {props.attention && <AttentionSection view={props.attention} lang={lang} />}
      {runsEvents && (
        <nav aria-label={lang === 'vi' ? 'Công cụ' : 'Tools'}>
          <ul>
            <li>
              <a href="/scan">{lang === 'vi' ? 'Soát vé tại cửa (máy quét) →' : 'Door check-in (scanner) →'}</a>
            </li>
            {hasRole(props.actor, 'organiser') && (
              <li>
                <a href="/admin/mail">{lang === 'vi' ? 'Thư đã gửi và thư lỗi →' : 'Emails sent and failed →'}</a>
              </li>
            )}
            {hasRole(props.actor, 'admin') && (
              <li>
                <a href="/admin/devices">{lang === 'vi' ? 'Cấp mã cho máy quét tại cửa →' : 'Door device tokens →'}</a>
              </li>
            )}
            {hasRole(props.actor, 'admin') && (
              <li>
                <a href="/admin/users">{lang === 'vi' ? 'Tài khoản và mã truy cập API →' : 'Accounts and API tokens →'}</a>
              </li>
            )}
            {hasRole(props.actor, 'organiser') && (
              <li>
                <a href="/admin/facilities">
                  {lang === 'vi' ? 'Danh bạ cơ sở, bình chọn sản phẩm →' : 'Facility registry, product selection →'}
                </a>
              </li>
            )}
            {hasRole(props.actor, 'organiser') && (
              <li>
                <a href="/admin/audit">{lang === 'vi' ? 'Nhật ký thay đổi →' : 'Audit log →'}</a>
              </li>
            )}
          </ul>
        </nav>
      )}
      {props.actor.kind === 'user' && (
        <p>
          <a href="/admin/account">{lang === 'vi' ? 'Tài khoản của tôi, đổi mật khẩu →' : 'My account, change password →'}</a>
        </p>
      )}
      <form method="post" action="/logout">
        <button type="submit" class="secondary">
          {t(lang, 'signOut')}
        </button>
      </form>
      {runsEvents && (
        <>
          <h2>{t(lang, 'events')}</h2>
          {organiser && props.actor.eventIds === null && (
            <p>
              <a class="button primary" href="/admin/events/new">
                {lang === 'vi' ? 'Tạo sự kiện mới' : 'New event'}
              </a>
            </p>
          )}
          <div class="scroll">
            <table class="desk">
              <thead>
                <tr>
                  <th scope="col">{t(lang, 'events')}</th>
                  <th scope="col">{t(lang, 'filterKind')}</th>
                  <th scope="col">{t(lang, 'time')}</th>
                  <th scope="col">{t(lang, 'status')}</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr>
                    <td>
                      {/* Organisers open the event's back-office home (drafts too); door staff its public page. */}
                      {organiser ? (
                        <a href={`/admin/events/${e.id}`}>{title(e, lang)}</a>
                      ) : e.status === 'draft' ? (
                        title(e, lang)
                      ) : (
                        <a href={`/events/${e.id}`}>{title(e, lang)}</a>
                      )}
                      {/* Under the title, so a phone shows them without scrolling sideways. */}
                      {organiser && (
                        <span class="event-tools">
                          <a href={`/admin/events/${e.id}/registrations`}>{lang === 'vi' ? 'Đăng ký' : 'Registrations'}</a>
                          {' · '}
                          <a href={`/admin/events/${e.id}/attendance`}>{lang === 'vi' ? 'Điểm danh' : 'Attendance'}</a>
                          {' · '}
                          <a href={`/admin/events/${e.id}/sign-in-sheet`}>
                            {lang === 'vi' ? 'In danh sách ký nhận' : 'Print sign-in sheet'}
                          </a>
                        </span>
                      )}
                    </td>
                    <td>{KIND_LABELS[e.kind][lang]}</td>
                    <td>{e.startsAt ? formatDay(e.startsAt, lang) : '—'}</td>
                    <td>{STATUS_LABELS[e.status][lang]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <h2>{t(lang, 'programmes')}</h2>
      {props.programmes.map((p) => (
        <section>
          <h3>{lang === 'en' ? p.nameEn : p.name}</h3>
          {programmeReach(props.actor) && (
            <p>
              <a href={`/admin/programmes/${p.id}`}>
                {lang === 'vi' ? 'Xem tiến độ chỉ tiêu, biểu đồ và báo cáo →' : 'Progress toward targets, charts and reports →'}
              </a>
            </p>
          )}
          <table>
            <thead>
              <tr>
                <th scope="col">{t(lang, 'programmes')}</th>
                <th scope="col">{t(lang, 'goal')}</th>
              </tr>
            </thead>
            <tbody>
              {p.targets.map((target) => (
                <tr>
                  <td>{lang === 'en' ? target.labelEn : target.label}</td>
                  <td>
                    {target.goal} {target.unit}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Layout>
  );
}
