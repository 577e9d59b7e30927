import type { EventView } from '../events/events.usecases.js';
import { title } from '../pages/catalogue.js';
import { lookup } from '../shared/strings.js';
import type { Lang } from '../shared/time.js';
import { sessionLines, venueLine } from './ticket-card.presenter.js';

const STRINGS = {
  heading: { vi: 'Thêm vào lịch', en: 'Add to your calendar' },
  ics: { vi: 'Tải lời mời lịch (.ics)', en: 'Download the calendar invite (.ics)' },
  google: { vi: 'Thêm vào Google Calendar', en: 'Add to Google Calendar' },
  hint: {
    vi: 'Tệp .ics mở được trong Lịch của điện thoại, Outlook và các ứng dụng lịch khác.',
    en: 'The .ics file opens in your phone’s calendar, Outlook and other calendar apps.',
  },
  yourLink: { vi: 'Đăng ký của bạn', en: 'Your registration' },
} as const;
const s = lookup(STRINGS);

/** 2026-12-14T01:00:00Z as Google Calendar wants it: 20261214T010000Z. */
const utcStamp = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** An "add to Google Calendar" link for the event, from its first start to its last end, in UTC. */
export function googleCalendarHref(event: EventView, manageUrl: string, lang: Lang): string | null {
  if (!event.startsAt || !event.endsAt) return null;
  const details = [...sessionLines(event, lang), '', `${s(lang, 'yourLink')}: ${manageUrl}`].join('\n');
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: title(event, lang),
    dates: `${utcStamp(event.startsAt)}/${utcStamp(event.endsAt)}`,
    ...(event.venue && { location: venueLine(event) ?? '' }),
    details,
  });
  return `https://calendar.google.com/calendar/render?${params}`;
}

/** The manage page's calendar links: the invite file, and Google Calendar for those who use it. */
export function CalendarLinks(props: { event: EventView; token: string; manageUrl: string; lang: Lang }) {
  const { event, lang } = props;
  const google = googleCalendarHref(event, props.manageUrl, lang);
  return (
    <section class="calendar-links">
      <h2>{s(lang, 'heading')}</h2>
      <p class="actions">
        <a class="button secondary" href={`/api/v1/manage/${props.token}/invite.ics`} download="invite.ics">
          {s(lang, 'ics')}
        </a>
        {google && (
          <a class="button secondary" href={google} target="_blank" rel="noopener noreferrer">
            {s(lang, 'google')}
          </a>
        )}
      </p>
      <p class="hint">{s(lang, 'hint')}</p>
    </section>
  );
}
