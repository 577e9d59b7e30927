import { DEMO_PROGRAMME_CODE } from './demo-programme.js';
import type { ProgrammeView, TargetDefinition } from './programmes.usecases.js';

/** A programme as the list shows it. */
export interface ProgrammeRow {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  province: string;
  startsOn: string;
  endsOn: string;
  targets: number;
  /** The demo's own programme, marked as demo data wherever it is listed. */
  demo: boolean;
}

export function programmeRow(p: ProgrammeView): ProgrammeRow {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    nameEn: p.nameEn,
    province: p.province,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    targets: p.targets.length,
    demo: p.code === DEMO_PROGRAMME_CODE,
  };
}

/** A target as its form shows it: the stored values as the fields hold them. */
export function targetFormValues(t: TargetDefinition): { values: Record<string, string>; lists: Record<string, string[]> } {
  return {
    values: {
      labelVi: t.label,
      labelEn: t.labelEn,
      goal: String(t.goal),
      metric: t.metric,
      unit: t.unit,
      topics: t.filter.topics.join(', '),
      minAttendees: String(t.filter.minAttendees),
    },
    lists: { eventKinds: t.filter.eventKinds, fairScopes: t.filter.fairScopes },
  };
}
