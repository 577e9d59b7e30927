import type { EventView } from '../events/events.usecases.js';
import { inLanguage } from '../shared/text.js';
import { formatDay, formatTime, type Lang } from '../shared/time.js';
import { Layout, type PageMeta } from './layout.js';
import { KIND_LABELS, t, topicLabel } from './strings.js';

export function title(e: Pick<EventView, 'title' | 'titleEn'>, lang: Lang): string {
  return inLanguage(e.title, e.titleEn, lang);
}

export function SeatsBadge({ event, lang }: { event: EventView; lang: Lang }) {
  if (event.seatsLeft > 0) {
    return (
      <span class="badge ok">
        {t(lang, 'seatsLeft')}: {event.seatsLeft}/{event.capacity}
      </span>
    );
  }
  return <span class="badge full">{t(lang, 'full')}</span>;
}

export function CataloguePage(props: {
  meta: PageMeta;
  events: EventView[];
  filter: { kind?: string | undefined; month?: string | undefined };
}) {
  const { lang } = props.meta;
  return (
    <Layout {...props.meta}>
      <h1>{t(lang, 'catalogue')}</h1>
      <p class="lead">{t(lang, 'tagline')}</p>
      {/* biome-ignore lint/a11y/useSemanticElements: <search> is unknown to browsers before 2023 (Chrome 118, Safari 17), where it would lose the landmark; role="search" on the form is one everywhere. */}
      <form class="filters" method="get" action="/" role="search">
        <label>
          {t(lang, 'filterKind')}
          <select name="kind">
            <option value="">{t(lang, 'allKinds')}</option>
            {Object.entries(KIND_LABELS).map(([kind, label]) => (
              <option value={kind} selected={props.filter.kind === kind}>
                {label[lang]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t(lang, 'filterMonth')}
          <input type="month" name="month" value={props.filter.month ?? ''} />
        </label>
        <button type="submit">{t(lang, 'filter')}</button>
        {(props.filter.kind || props.filter.month) && <a href="/">{t(lang, 'clearFilter')}</a>}
      </form>
      {props.events.length === 0 ? (
        <p class="empty">{t(lang, 'noEvents')}</p>
      ) : (
        <ul class="cards">
          {props.events.map((e) => (
            <li class="card">
              <p class="kind">
                {KIND_LABELS[e.kind][lang]}
                {e.topic && ` · ${topicLabel(e.topic, lang)}`}
              </p>
              <h2>
                <a href={`/events/${e.id}`}>{title(e, lang)}</a>
              </h2>
              {e.startsAt && (
                <p>
                  <time datetime={e.startsAt.toISOString()}>
                    {formatDay(e.startsAt, lang)}, {formatTime(e.startsAt)}
                  </time>
                </p>
              )}
              {e.venue && (
                <p>
                  {e.venue.name}
                  {e.venue.district && `, ${e.venue.district}`}
                </p>
              )}
              <p>
                <SeatsBadge event={e} lang={lang} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
