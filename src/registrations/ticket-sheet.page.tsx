import type { EventView } from '../events/events.usecases.js';
import { title } from '../pages/catalogue.js';
import type { PageMeta } from '../pages/layout.js';
import { lookup } from '../shared/strings.js';
import { qrSvg } from '../tickets/ticket-card.js';
import { printHref } from './import.page.js';
import { sessionLines, venueLine } from './ticket-card.presenter.js';
import type { PrintedTicketView } from './ticket-card.usecases.js';

/** Cards on one A4 sheet: two across, four down, each 105 × 74 mm less the margins (web/app.css, "ticket sheet"). */
export const CARDS_PER_PAGE = 8;

const STRINGS = {
  heading: { vi: 'In vé', en: 'Print tickets' },
  all: { vi: 'Tất cả người đã xác nhận', en: 'Everyone confirmed' },
  noEmail: { vi: 'Chỉ người không có email', en: 'Only people without email' },
  count: { vi: 'vé, 8 vé một trang A4', en: 'tickets, 8 to an A4 page' },
  howTo: { vi: 'In bằng Ctrl+P (khổ A4, tỉ lệ 100%, không lề).', en: 'Print with Ctrl+P (A4, 100% scale, no margins).' },
  none: { vi: 'Không có vé nào để in.', en: 'No tickets to print.' },
  back: { vi: 'Về danh sách đăng ký', en: 'Back to the registrations' },
  ticket: { vi: 'VÉ THAM DỰ', en: 'TICKET' },
  code: { vi: 'Mã vé', en: 'Code' },
} as const;
const s = lookup(STRINGS);

const dataUrl = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

/** A printable sheet of ticket cards (name, event, date, QR, short code) for people without email or phone. */
export function TicketSheetPage(props: { meta: PageMeta; event: EventView; tickets: PrintedTicketView[]; who: 'all' | 'no-email' }) {
  const { lang } = props.meta;
  const { event, tickets } = props;
  const pages: PrintedTicketView[][] = [];
  for (let i = 0; i < tickets.length; i += CARDS_PER_PAGE) pages.push(tickets.slice(i, i + CARDS_PER_PAGE));
  const when = sessionLines(event, lang);
  const venue = venueLine(event);
  const eventTitle = title(event, lang);
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${s(lang, 'heading')} — ${eventTitle}`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
      </head>
      <body class="ticket-print">
        <div class="no-print ticket-print-bar">
          <p>
            <a href={`/admin/events/${event.id}/registrations`}>{s(lang, 'back')}</a>
          </p>
          <h1>
            {s(lang, 'heading')} — {eventTitle}
          </h1>
          <p>
            {props.who === 'all' ? <strong>{s(lang, 'all')}</strong> : <a href={printHref(event.id, 'all')}>{s(lang, 'all')}</a>} ·{' '}
            {props.who === 'no-email' ? (
              <strong>{s(lang, 'noEmail')}</strong>
            ) : (
              <a href={printHref(event.id, 'no-email')}>{s(lang, 'noEmail')}</a>
            )}
          </p>
          <p>
            {tickets.length} {s(lang, 'count')}. {s(lang, 'howTo')}
          </p>
          {tickets.length === 0 && <p class="notice">{s(lang, 'none')}</p>}
        </div>
        {pages.map((page) => (
          <section class="ticket-page">
            {page.map((t) => (
              <article class="print-ticket">
                <p class="pt-kicker">{s(lang, 'ticket')}</p>
                <p class="pt-event">{eventTitle}</p>
                <p class="pt-when">{when.join(' · ')}</p>
                {venue && <p class="pt-venue">{venue}</p>}
                <div class="pt-body">
                  <img class="pt-qr" src={dataUrl(qrSvg(t.token))} alt="" width={120} height={120} />
                  <div>
                    <p class="pt-name">{t.fullName}</p>
                    <p class="pt-code-label">{s(lang, 'code')}</p>
                    <p class="pt-code">{t.code}</p>
                  </div>
                </div>
              </article>
            ))}
          </section>
        ))}
      </body>
    </html>
  );
}
