import { topicLabels } from '../pages/strings.js';
import type { Lang } from '../shared/time.js';
import type { EditorQuestion } from './event-editor.usecases.js';
import type { EventView } from './events.usecases.js';
import { registrationWindow } from './registration-window.js';

/** What the event's home offers, by its status: the page shows only what can be done. */
export interface EventHomeView {
  event: EventView;
  questions: EditorQuestion[];
  canEdit: boolean;
  canPublish: boolean;
  canCancel: boolean;
  /** A draft is previewed; a published or cancelled event has its public page. */
  previewHref: string | null;
  publicHref: string | null;
  confirmed: number;
}

export function eventHomeView(event: EventView, questions: EditorQuestion[]): EventHomeView {
  const live = event.status === 'draft' || event.status === 'published';
  return {
    event,
    questions,
    canEdit: live,
    canPublish: event.status === 'draft',
    canCancel: live,
    previewHref: event.status === 'draft' ? `/admin/events/${event.id}/preview` : null,
    publicHref: event.status === 'draft' ? null : `/events/${event.id}`,
    confirmed: event.seats.taken,
  };
}

/**
 * A draft as the public will see it once published: its registration window read as if it were
 * published now, so the page shows the state and the call to register it will have.
 */
export function previewView(event: EventView, now: Date): EventView {
  const window = registrationWindow(
    {
      status: 'published',
      registrationOpensAt: event.registrationOpensAt,
      registrationClosesAt: event.registrationClosesAt,
      startsAt: event.startsAt,
    },
    now,
  );
  return { ...event, status: 'published', registrationState: window.state, registrationOpen: window.state === 'open' };
}

/** The topic select's options: the known topics, and the event's own if it is another. */
export function topicOptions(lang: Lang, current: string): { value: string; label: string }[] {
  const known = topicLabels(lang);
  return current && !known.some((t) => t.value === current) ? [...known, { value: current, label: current }] : known;
}
