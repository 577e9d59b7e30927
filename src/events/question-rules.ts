import type { QuestionType } from '../db/schema.js';
import type { FieldIssue } from '../shared/errors.js';
import type { QuestionEditInput } from './events.schemas.js';

/** A question as stored, retired or not. */
export interface StoredQuestion {
  id: string;
  type: QuestionType;
  options: string[];
  retired: boolean;
}

/** The answers given so far, by question id: the distinct values (for a choice, the options chosen). */
export type AnsweredValues = Map<string, Set<string>>;

export interface QuestionWrite {
  label: string;
  labelEn: string | null;
  type: QuestionType;
  required: boolean;
  options: string[];
  position: number;
}

/** What to write: questions changed in place (retired or brought back), new ones, ones deleted, ones retired as they are. */
export interface QuestionPlan {
  update: (QuestionWrite & { id: string; retired: boolean })[];
  insert: QuestionWrite[];
  delete: string[];
  retire: string[];
}

/**
 * The rule for editing questions once people have answered (README, Decisions): an answered
 * question keeps its type, and a choice keeps every option someone chose (labels, the English
 * label, `required` and new options may change). It is never deleted: left out of the list, or
 * marked `retired`, it leaves the form and its answers stay. A question nobody answered may
 * change in any way, and leaving it out deletes it.
 */
export function planQuestionEdits(
  stored: StoredQuestion[],
  answered: AnsweredValues,
  edits: QuestionEditInput[],
): { ok: true; plan: QuestionPlan } | { ok: false; issues: FieldIssue[] } {
  const byId = new Map(stored.map((q) => [q.id, q]));
  const issues: FieldIssue[] = [];
  const plan: QuestionPlan = { update: [], insert: [], delete: [], retire: [] };
  const named = new Set<string>();
  for (const [i, edit] of edits.entries()) {
    const write: QuestionWrite = {
      label: edit.label,
      labelEn: edit.labelEn || null,
      type: edit.type,
      required: edit.required ?? false,
      options: edit.options ?? [],
      position: i,
    };
    if (!edit.id) {
      plan.insert.push(write);
      continue;
    }
    const was = byId.get(edit.id);
    if (!was || named.has(edit.id)) {
      issues.push({ field: `questions.${i}.id`, code: 'unknown_question', message: 'Không có câu hỏi này / No such question' });
      continue;
    }
    named.add(edit.id);
    const answers = answered.get(edit.id);
    if (answers && edit.type !== was.type) {
      issues.push({
        field: `questions.${i}.type`,
        code: 'answered_question',
        message: 'Đã có người trả lời nên không đổi được loại câu hỏi / People have answered: the type cannot change',
      });
    }
    if (answers && was.type === 'choice') {
      const dropped = [...answers].filter((value) => was.options.includes(value) && !write.options.includes(value));
      if (dropped.length) {
        issues.push({
          field: `questions.${i}.options`,
          code: 'answered_option',
          message: `Không bỏ được phương án đã có người chọn: ${dropped.join(', ')} / Options people chose cannot be removed: ${dropped.join(', ')}`,
        });
      }
    }
    if (edit.retired && !answers) plan.delete.push(edit.id);
    else plan.update.push({ ...write, id: edit.id, retired: edit.retired ?? false });
  }
  for (const q of stored) {
    if (named.has(q.id)) continue;
    if (!answered.has(q.id)) plan.delete.push(q.id);
    // Left out but answered: retired where it stands, its wording unchanged.
    else if (!q.retired) plan.retire.push(q.id);
  }
  return issues.length ? { ok: false, issues } : { ok: true, plan };
}
