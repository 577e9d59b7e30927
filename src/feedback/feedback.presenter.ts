import type { EventView } from '../events/events.usecases.js';
import { toIsoInZone } from '../shared/time.js';
import type { RespondentRow } from './feedback.repository.js';
import { QUESTIONS, type Question } from './feedback.rules.js';
import type { SurveyRefusal } from './feedback.usecases.js';

export interface Answer {
  content: number;
  trainer: number;
  usefulness: number;
  comment: string | null;
  submittedAt: Date;
}

/** The survey for one holder: what they may do, and their answer once given. */
export interface Survey {
  registrationId: string;
  event: { id: string; kind: string; title: string; titleEn: string | null };
  state: 'open' | 'given' | 'refused';
  /** Why no answer can be taken now; `feedback.already_given` when state is `given`. */
  refusal: SurveyRefusal | null;
  answer: Answer | null;
}

export function surveyView(
  r: Pick<
    RespondentRow,
    'id' | 'event_id' | 'event_kind' | 'title' | 'title_en' | 'content' | 'trainer' | 'usefulness' | 'comment' | 'submitted_at'
  >,
  refusal: SurveyRefusal | null,
): Survey {
  const answer: Answer | null =
    r.submitted_at !== null && r.content !== null && r.trainer !== null && r.usefulness !== null
      ? { content: r.content, trainer: r.trainer, usefulness: r.usefulness, comment: r.comment, submittedAt: new Date(r.submitted_at) }
      : null;
  return {
    registrationId: r.id,
    event: { id: r.event_id, kind: r.event_kind, title: r.title, titleEn: r.title_en },
    state: answer ? 'given' : refusal ? 'refused' : 'open',
    refusal: answer ? 'feedback.already_given' : refusal,
    answer,
  };
}

/** The API's answer: `feedback` is null until given. */
export function surveyJson(s: Survey) {
  return {
    feedback: s.answer
      ? {
          content: s.answer.content,
          trainer: s.answer.trainer,
          usefulness: s.answer.usefulness,
          comment: s.answer.comment,
          submittedAt: toIsoInZone(s.answer.submittedAt),
        }
      : null,
    canAnswer: s.state === 'open',
    ...(s.state === 'refused' && { refusal: s.refusal }),
  };
}

export interface QuestionResult {
  question: Question;
  /** null with no answers. */
  average: number | null;
  /** How many answered 1, 2, 3, 4, 5 (index 0 is 1). */
  distribution: [number, number, number, number, number];
}

export interface EventResults {
  event: EventView;
  answers: number;
  attended: number;
  /** answers ÷ attended, 0 to 1; null when nobody attended. */
  responseRate: number | null;
  questions: QuestionResult[];
  comments: { text: string; submittedAt: Date }[];
}

type AnswerRow = { content: number; trainer: number; usefulness: number; comment: string | null; submitted_at: Date | string };

export function eventResultsView(event: EventView, data: { answers: AnswerRow[]; attended: number }): EventResults {
  const { answers, attended } = data;
  const questions = QUESTIONS.map((q): QuestionResult => {
    const distribution: QuestionResult['distribution'] = [0, 0, 0, 0, 0];
    let sum = 0;
    for (const a of answers) {
      const mark = a[q];
      distribution[mark - 1] = (distribution[mark - 1] ?? 0) + 1;
      sum += mark;
    }
    return { question: q, average: answers.length > 0 ? sum / answers.length : null, distribution };
  });
  return {
    event,
    answers: answers.length,
    attended,
    responseRate: attended > 0 ? answers.length / attended : null,
    questions,
    comments: answers.flatMap((a) => (a.comment ? [{ text: a.comment, submittedAt: new Date(a.submitted_at) }] : [])),
  };
}

export function eventResultsJson(r: EventResults) {
  return {
    feedback: {
      eventId: r.event.id,
      answers: r.answers,
      attended: r.attended,
      responseRate: r.responseRate,
      questions: Object.fromEntries(r.questions.map((q) => [q.question, { average: q.average, distribution: q.distribution }])),
      comments: r.comments.map((c) => ({ text: c.text, submittedAt: toIsoInZone(c.submittedAt) })),
    },
  };
}
