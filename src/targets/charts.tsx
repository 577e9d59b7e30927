import type { Lang } from '../shared/time.js';
import { num, pct } from './dashboard.strings.js';

// Server-rendered SVG, no script. The CSP forbids style attributes, so sizes are SVG geometry
// (rect width, viewBox) and colours come from classes in app.css. Each chart is one image
// with a text alternative; the numbers are also printed as text and, on the page, in a table.

/** Achieved against goal as a bar, with an upright line where the programme's time stands. */
export function ProgressBar(props: { progress: number; elapsed: number; pace: string; label: string }) {
  const W = 200;
  const filled = Math.max(0, Math.min(1, props.progress)) * W;
  const at = Math.max(0, Math.min(1, props.elapsed)) * W;
  return (
    <svg class="bar" viewBox={`0 0 ${W} 16`} preserveAspectRatio="none" role="img" aria-label={props.label} focusable="false">
      <title>{props.label}</title>
      <rect class="bar-track" x="0" y="2" width={W} height="12" rx="2" />
      <rect class={`bar-fill pace-${props.pace}`} x="0" y="2" width={filled.toFixed(1)} height="12" rx="2" />
      <line class="bar-time" x1={at.toFixed(1)} x2={at.toFixed(1)} y1="0" y2="16" vector-effect="non-scaling-stroke" />
    </svg>
  );
}

/**
 * One bar per year with its number above and the year below; a dashed line marks the goal
 * spread evenly over the years, so a year below it is visibly short of the average pace.
 */
export function YearChart(props: { byYear: Record<string, number>; goal: number; lang: Lang; label: string }) {
  const years = Object.keys(props.byYear).sort();
  const perYear = years.length > 0 ? props.goal / years.length : 0;
  const max = Math.max(1, perYear, ...years.map((y) => props.byYear[y] ?? 0));
  const col = 56;
  const top = 18;
  const plot = 80;
  const W = Math.max(1, years.length) * col;
  const H = top + plot + 22;
  const y = (n: number) => top + plot - (n / max) * plot;
  const description = `${props.label}: ${years.map((yr) => `${yr}: ${num(props.byYear[yr] ?? 0, props.lang)}`).join('; ')}`;
  return (
    <svg class="year-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={description} focusable="false">
      <title>{description}</title>
      <line class="axis" x1="0" x2={W} y1={top + plot} y2={top + plot} />
      {years.map((yr, i) => {
        const n = props.byYear[yr] ?? 0;
        const x = i * col + 10;
        return (
          <g>
            <rect class="year-bar" x={x} y={y(n).toFixed(1)} width={col - 20} height={(top + plot - y(n)).toFixed(1)} />
            <text class="value" x={x + (col - 20) / 2} y={(y(n) - 4).toFixed(1)} text-anchor="middle">
              {num(n, props.lang)}
            </text>
            <text class="year" x={x + (col - 20) / 2} y={H - 6} text-anchor="middle">
              {yr}
            </text>
          </g>
        );
      })}
      {perYear > 0 && <line class="pace-line" x1="0" x2={W} y1={y(perYear).toFixed(1)} y2={y(perYear).toFixed(1)} />}
    </svg>
  );
}

/** The words for a progress bar's text alternative. */
export function barLabel(lang: Lang, achieved: number, goal: number, progress: number, elapsed: number): string {
  return lang === 'vi'
    ? `Đạt ${num(achieved, lang)}/${num(goal, lang)} (${pct(progress, lang)}); thời gian đã qua ${pct(elapsed, lang)}`
    : `${num(achieved, lang)} of ${num(goal, lang)} achieved (${pct(progress, lang)}); ${pct(elapsed, lang)} of the time elapsed`;
}

export function chartLegend(lang: Lang): string {
  return lang === 'vi' ? 'Đường nét đứt: mục tiêu chia đều cho mỗi năm.' : 'Dashed line: the goal spread evenly over the years.';
}
