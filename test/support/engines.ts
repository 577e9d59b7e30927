export const ALL_ENGINES = ['pglite', 'postgres'] as const;
export type Engine = (typeof ALL_ENGINES)[number];

/**
 * The engines `describeEachEngine` runs on: both, or those named in `TEST_ENGINES` (a comma list,
 * e.g. `TEST_ENGINES=pglite` for the quick loop). A name it does not know is an error, so a typo
 * cannot quietly run nothing.
 */
export function enginesFromEnv(value = process.env.TEST_ENGINES): readonly Engine[] {
  if (!value?.trim()) return ALL_ENGINES;
  const names = value.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !(ALL_ENGINES as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`TEST_ENGINES names ${unknown.join(', ')}; known: ${ALL_ENGINES.join(', ')}`);
  return ALL_ENGINES.filter((e) => names.includes(e));
}
