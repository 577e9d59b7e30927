import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Who may import whom, read from the source itself. A feature (src/<feature>/) talks to another
 * through its use cases and presenters, never through its routes or pages; the shell (src/pages/)
 * serves every feature and depends on none's routes or pages; a route file mounts nothing of
 * another route file's (the app mounts each one itself).
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');
/** Folders shared by every feature, not features themselves. */
const SHARED = new Set(['pages', 'http', 'shared', 'db', 'node']);

const isRoutes = (file: string) => /\.routes\.tsx?$/.test(file);
/** `x.page.tsx` by the convention; older names (`x-page.tsx`, `x.pages.tsx`) count too. */
const isPage = (file: string) => /[.-]pages?\.tsx$/.test(file);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative import specifiers of a file: static, re-exports, side-effect and dynamic imports. */
function importSpecifiers(source: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) if (match[1]) found.add(match[1]);
  return [...found].filter((s) => s.startsWith('.'));
}

/** The folder under src/ a file belongs to ('' for src/ itself: the app that mounts everything). */
const areaOf = (file: string) => {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? (parts[0] ?? '') : '';
};
const isFeature = (area: string) => area !== '' && !SHARED.has(area);

interface Violation {
  from: string;
  to: string;
  rule: string;
}

/** Every import that breaks a rule, for the files given as path → source. */
function boundaryViolations(files: Map<string, string>): Violation[] {
  const violations: Violation[] = [];
  for (const [file, source] of files) {
    const from = areaOf(file);
    for (const specifier of importSpecifiers(source)) {
      const target = resolve(dirname(file), specifier).replace(/\.js$/, '');
      const name = [...files.keys()].find((f) => f.replace(/\.tsx?$/, '') === target) ?? `${target}.ts`;
      const to = areaOf(name);
      const show = { from: relative(SRC, file), to: relative(SRC, name) };
      const foreignUi = isFeature(to) && to !== from && (isRoutes(name) || isPage(name));
      if (isFeature(from) && foreignUi) violations.push({ ...show, rule: "a feature imports another feature's routes or pages" });
      if (from === 'pages' && isFeature(to) && (isRoutes(name) || isPage(name)))
        violations.push({ ...show, rule: "the shell imports a feature's routes or pages" });
      if (isRoutes(file) && isRoutes(name)) violations.push({ ...show, rule: 'a route file imports another route file' });
    }
  }
  return violations;
}

const readTree = () =>
  new Map(
    sourceFiles(SRC)
      .sort()
      .map((file) => [file, readFileSync(file, 'utf8')]),
  );

describe('module boundaries', () => {
  it('no feature imports another’s routes or pages, the shell imports none, and no route file imports another', () => {
    expect(boundaryViolations(readTree())).toEqual([]);
  });

  it('sees a forbidden import when one is added', () => {
    const tree = readTree();
    const shell = join(SRC, 'pages', 'layout.tsx');
    const feature = join(SRC, 'targets', 'report.ts');
    const routes = join(SRC, 'registrations', 'registrations.routes.ts');
    tree.set(shell, `${tree.get(shell)}\nimport { ManagePage } from '../registrations/manage.page.js';\n`);
    tree.set(feature, `${tree.get(feature)}\nimport { registrationPages } from '../registrations/registration-pages.routes.js';\n`);
    tree.set(routes, `${tree.get(routes)}\nexport { registrationsPages } from './registrations-pages.routes.js';\n`);
    expect(
      boundaryViolations(tree)
        .map((v) => `${v.from} → ${v.to}: ${v.rule}`)
        .sort(),
    ).toEqual([
      "pages/layout.tsx → registrations/manage.page.tsx: the shell imports a feature's routes or pages",
      'registrations/registrations.routes.ts → registrations/registrations-pages.routes.tsx: a route file imports another route file',
      "targets/report.ts → registrations/registration-pages.routes.tsx: a feature imports another feature's routes or pages",
    ]);
  });
});
