import type { Kysely } from 'kysely';
import writeXlsxFile, { type Row, type Sheet } from 'write-excel-file/universal';
import type { Database, EventKind } from '../db/schema.js';
import { KIND_LABELS } from '../pages/strings.js';
import * as programmes from '../programmes/programmes.repository.js';
import type { Clock } from '../shared/clock.js';
import { type CsvCell, type CsvSection, toCsvSections } from '../shared/csv.js';
import { inZone, type Lang } from '../shared/time.js';
import { COUNTED_LABELS, d, GENDER_LABELS, PACE_LABELS, reachNote } from './dashboard.strings.js';
import { eventsBehindTarget } from './dashboard.usecases.js';
import * as repo from './targets.repository.js';
import { programmeProgress, programmeYears } from './targets.usecases.js';

interface Ctx {
  db: Kysely<Database>;
  clock: Clock;
}

/** People listed per learner target in a report; a real programme has far fewer. */
export const REPORT_PEOPLE_LIMIT = 50_000;

/** One table of a report: a title, a header row and rows of plain values (never formulas). */
export interface ReportTable {
  title: string;
  header: string[];
  rows: CsvCell[][];
}

export interface Report {
  code: string;
  title: string;
  subtitle: string[];
  summary: ReportTable;
  targets: { label: string; tables: ReportTable[] }[];
  /** The survey after training: answers and averages per target that counts training events. */
  feedback: ReportTable;
}

const day = (at: Date) => inZone(at).toFormat('yyyy-MM-dd');
const gender = (g: string | null, lang: Lang) => GENDER_LABELS[g === 'female' || g === 'male' || g === 'other' ? g : 'unknown'][lang];

/**
 * The programme report for the annual report: a summary, then each target's events and people;
 * for a reader limited to some events (`eventIds`), those events only, and it says so.
 */
export async function programmeReport(ctx: Ctx, programmeId: string, lang: Lang, eventIds: string[] | null): Promise<Report> {
  const { programme, targets } = await programmeProgress(ctx, programmeId, eventIds);
  const period = { programmeId: programme.id, startsOn: programme.starts_on, endsOn: programme.ends_on, eventIds };
  const years = programmeYears(period);
  const rows = await programmes.listProgrammeTargets(ctx.db, programmeId);
  const details = new Map(
    await Promise.all(
      rows.map(async (t) => {
        const events = await eventsBehindTarget(ctx, period, t, null);
        const people =
          t.metric === 'learners_completed'
            ? await repo.learnersBehind(
                ctx.db,
                period,
                { eventKinds: t.event_kinds, topics: t.topics, fairScopes: t.fair_scopes },
                { limit: REPORT_PEOPLE_LIMIT },
              )
            : null;
        return [t.code, { events, people }] as const;
      }),
    ),
  );
  const label = (t: { label: string; labelEn: string }) => (lang === 'en' ? t.labelEn : t.label);
  const summary: ReportTable = {
    title: lang === 'vi' ? 'Tổng hợp' : 'Summary',
    header: [
      lang === 'vi' ? 'Mã' : 'Code',
      d(lang, 'target'),
      d(lang, 'unit'),
      d(lang, 'goal'),
      d(lang, 'achieved'),
      d(lang, 'distinctPeople'),
      d(lang, 'percent'),
      ...years.map(String),
      lang === 'vi' ? 'Tiến độ' : 'Pace',
    ],
    rows: targets.map((t) => [
      t.code,
      label(t),
      t.unit,
      t.goal,
      t.achieved,
      t.distinctPeople ?? null,
      Math.round(t.progress * 1000) / 10,
      ...years.map((y) => t.byYear[String(y)] ?? 0),
      PACE_LABELS[t.pace][lang],
    ]),
  };
  const surveyed = targets.filter((t) => t.feedback);
  const average = (v: number | null | undefined) => (v == null ? null : Math.round(v * 100) / 100);
  const feedback: ReportTable = {
    title: d(lang, 'feedback'),
    header: [
      lang === 'vi' ? 'Mã' : 'Code',
      d(lang, 'target'),
      d(lang, 'feedbackAnswerCount'),
      d(lang, 'feedbackContent'),
      d(lang, 'feedbackTrainer'),
      d(lang, 'feedbackUsefulness'),
    ],
    rows: surveyed.map((t) => [
      t.code,
      label(t),
      t.feedback?.answers ?? 0,
      average(t.feedback?.content),
      average(t.feedback?.trainer),
      average(t.feedback?.usefulness),
    ]),
  };
  return {
    code: programme.code,
    title: lang === 'en' ? programme.name_en : programme.name_vi,
    subtitle: [
      `${d(lang, 'period')}: ${programme.starts_on} – ${programme.ends_on}`,
      `${d(lang, 'asOf')}: ${inZone(ctx.clock.now()).toFormat('yyyy-MM-dd HH:mm')} (UTC+7)`,
      ...(eventIds === null ? [] : [reachNote(lang, eventIds.length)]),
    ],
    summary,
    targets: targets.map((t) => {
      // By code: the two lists are read one after the other, and a target may be added in between.
      const detail = details.get(t.code);
      if (!detail) throw new Error(`report: no details for target ${t.code}`);
      const { events, people } = detail;
      const tables: ReportTable[] = [
        {
          title: `${d(lang, 'events')} — ${label(t)}`,
          header: [
            d(lang, 'event'),
            d(lang, 'kind'),
            d(lang, 'year'),
            d(lang, 'endedOn'),
            d(lang, 'attendees'),
            d(lang, 'completed'),
            d(lang, 'facilities'),
            d(lang, 'counts'),
          ],
          rows: events.map((e) => [
            lang === 'en' && e.titleEn ? e.titleEn : e.title,
            KIND_LABELS[e.kind as EventKind]?.[lang] ?? e.kind,
            e.year,
            day(e.endedAt),
            e.attendees,
            e.completed,
            e.facilities,
            COUNTED_LABELS[e.counted][lang],
          ]),
        },
      ];
      if (people) {
        tables.push({
          title: `${d(lang, 'people')} — ${label(t)}`,
          header: [
            d(lang, 'name'),
            d(lang, 'district'),
            d(lang, 'gender'),
            d(lang, 'event'),
            d(lang, 'year'),
            d(lang, 'sessionsAttended'),
            lang === 'vi' ? 'Tổng số buổi' : 'Sessions',
          ],
          rows: people.map((p) => [
            p.full_name,
            p.district ?? d(lang, 'unknown'),
            gender(p.gender, lang),
            p.event_title,
            p.yr,
            p.present,
            p.sessions,
          ]),
        });
      }
      return { label: label(t), tables };
    }),
    feedback,
  };
}

export function reportCsv(report: Report): string {
  const sections: CsvSection[] = [
    { lines: [[report.title], ...report.subtitle.map((s) => [s])] },
    { title: report.summary.title, header: report.summary.header, rows: report.summary.rows },
    ...report.targets.flatMap((t) => t.tables.map((table) => ({ title: table.title, header: table.header, rows: table.rows }))),
    { title: report.feedback.title, header: report.feedback.header, rows: report.feedback.rows },
  ];
  return toCsvSections(sections);
}

/**
 * A sheet name Excel accepts: at most 31 characters, none of [ ] : * ? / \, not starting or
 * ending with an apostrophe; numbered so that names cut short stay unique.
 */
export function sheetName(position: number, label: string): string {
  const clean = label
    .normalize('NFC')
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const name = `${position}. ${clean}`;
  const cut = name.length <= 31 ? name : `${name.slice(0, 30).replace(/[\s,.;:–-]+$/, '')}…`;
  return cut.replace(/^'+|'+$/g, '');
}

const bold = (text: string) => ({ value: text, fontWeight: 'bold' as const });

/** Values as typed cells: text stays text, so nothing a registrant typed can run as a formula. */
function tableRows(table: ReportTable): Row[] {
  return [
    [bold(table.title)],
    table.header.map(bold),
    ...table.rows.map((row) =>
      row.map((v) =>
        v === null || v === undefined ? null : typeof v === 'number' ? { value: v, type: Number } : { value: String(v), type: String },
      ),
    ),
  ];
}

export async function reportXlsx(report: Report): Promise<Uint8Array<ArrayBuffer>> {
  const summarySheet: Sheet<never> = {
    sheet: report.summary.title,
    data: [[bold(report.title)], ...report.subtitle.map((s) => [s]), [], ...tableRows(report.summary)],
    columns: [{ width: 30 }, { width: 60 }, { width: 12 }, ...report.summary.header.slice(3).map(() => ({ width: 12 }))],
  };
  const targetSheets: Sheet<never>[] = report.targets.map((t, i) => ({
    sheet: sheetName(i + 1, t.label),
    data: t.tables.flatMap((table, j) => [...(j > 0 ? [[]] : []), ...tableRows(table)]),
    columns: [{ width: 50 }, { width: 24 }, { width: 20 }, { width: 40 }, { width: 10 }, { width: 12 }, { width: 12 }, { width: 30 }],
  }));
  const feedbackSheet: Sheet<never> = {
    sheet: sheetName(report.targets.length + 1, report.feedback.title),
    data: tableRows(report.feedback),
    columns: [{ width: 30 }, { width: 60 }, { width: 12 }, { width: 12 }, { width: 12 }, { width: 12 }],
  };
  const blob = await writeXlsxFile([summarySheet, ...targetSheets, feedbackSheet]).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}
