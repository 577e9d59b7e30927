import type { EventKind } from '../db/schema.js';

/**
 * The kinds of event whose people are asked for feedback: training (a class, a cleaner-production
 * workshop), where there is content, a trainer and a use to ask about. One list, read by the
 * survey, the invitation and the dashboard alike.
 */
export const SURVEYED_KINDS: readonly EventKind[] = ['training_class', 'cp_workshop'];

export const isSurveyed = (kind: string): boolean => (SURVEYED_KINDS as readonly string[]).includes(kind);

/** A target's filter takes in surveyed events when it names a surveyed kind or names no kind at all. */
export const filterTakesSurveyed = (eventKinds: readonly string[]): boolean => eventKinds.length === 0 || eventKinds.some(isSurveyed);

/** The invitation goes to events whose last session ended within this many days (not to every past event at once). */
export const REQUEST_WINDOW_DAYS = 14;

/** The longest comment kept, in characters. */
export const COMMENT_MAX = 1000;

export const QUESTIONS = ['content', 'trainer', 'usefulness'] as const;
export type Question = (typeof QUESTIONS)[number];
