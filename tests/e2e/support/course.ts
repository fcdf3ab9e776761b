/**
 * The course as this build configured it, read from dist/ (so the end-to-end
 * tests follow LESSONS and any set of lessons): which lessons were built and
 * which exercise each embeds.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readBuildInfo } from '../../../src/server/build-info.ts';

/**
 * Paths in these tests are relative to the build's base path (no leading "/"):
 * Playwright resolves `page.goto('lessons/03-config/')` against a baseURL that
 * ends in the base (playwright.config.ts), so a fork built with BASE_PATH=/course/
 * is tested where it is served. The home page is './'.
 */
export const HOME = './';

/** The base path this build was made for (dist/.course-build.json), "/" when there is no stamp. */
export function basePath(dist = 'dist'): string {
  const base = readBuildInfo(dist)?.basePath ?? '/';
  return base.endsWith('/') ? base : `${base}/`;
}

/** A RegExp matching a URL whose path is the base path followed by `path` (relative, as in these tests), and nothing after. */
export function urlEndingWith(path: string, dist = 'dist'): RegExp {
  const full = basePath(dist) + path.replace(/^\.?\//, '');
  return new RegExp(`${full.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

export interface BuiltLesson {
  id: string;
  /** Relative to the base path: `lessons/<id>/`. */
  path: string;
  /** The lesson's title (its h1). */
  title: string;
  exercise: string | null;
}

export function builtLessons(dist = 'dist'): BuiltLesson[] {
  const dir = join(dist, 'lessons');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((id) => existsSync(join(dir, id, 'index.html')))
    .sort()
    .map((id) => {
      const html = readFileSync(join(dir, id, 'index.html'), 'utf8');
      const title = (/<h1[^>]*>([^<]*)/.exec(html)?.[1] ?? id).trim();
      return { id, path: `lessons/${id}/`, title, exercise: /data-exercise-id="([^"]+)"/.exec(html)?.[1] ?? null };
    });
}

/** The lesson `id` when this build has it, else undefined (tests written around that lesson's files skip then). */
export function builtLesson(id: string, dist = 'dist'): BuiltLesson | undefined {
  return builtLessons(dist).find((l) => l.id === id);
}

/** The lessons of this build that embed an exercise. */
export function lessonsWithExercise(dist = 'dist'): (BuiltLesson & { exercise: string })[] {
  return builtLessons(dist).filter((l): l is BuiltLesson & { exercise: string } => l.exercise !== null);
}

/** The solution policy the build gave an exercise (its bundle in dist/exercises/), or null when the bundle is missing. */
export function solutionPolicy(exerciseId: string, dist = 'dist'): 'always' | 'after-attempt' | 'never' | null {
  try {
    const bundle = JSON.parse(readFileSync(join(dist, 'exercises', `${exerciseId}.json`), 'utf8')) as { solutionPolicy?: string };
    const policy = bundle.solutionPolicy;
    return policy === 'always' || policy === 'after-attempt' || policy === 'never' ? policy : null;
  } catch {
    return null;
  }
}

/** An exercise's settings from exercises/<id>/exercise.json (the files the learner edits, whether new files are allowed). */
export function exerciseMeta(exerciseId: string): { editable: string[]; allowNewFiles: boolean } {
  const meta = JSON.parse(readFileSync(join('exercises', exerciseId, 'exercise.json'), 'utf8')) as { editable?: string[]; allowNewFiles?: boolean };
  return { editable: meta.editable ?? [], allowNewFiles: meta.allowNewFiles === true };
}

/** The pages around the lessons (introduction, wrap-up…) this build made, as paths relative to the base: top-level folders with an index.html. */
export function builtPages(dist = 'dist'): string[] {
  const notPages = new Set(['lessons', 'exercises', 'search', '_astro', 'pagefind']);
  if (!existsSync(dist)) return [];
  return readdirSync(dist)
    .filter((name) => !notPages.has(name) && existsSync(join(dist, name, 'index.html')))
    .sort()
    .map((name) => `${name}/`);
}

/** Whether the exercise's solution was sealed away for a no-solutions workshop (src/engine/sealed.ts). */
export function isSealed(exerciseId: string): boolean {
  return existsSync(join('exercises', exerciseId, 'sealed.json'));
}

/** The reference solution's files a learner would have in the workbench (read-only context files left out). */
export function solutionFiles(exerciseId: string): Record<string, string> {
  const root = join('exercises', exerciseId);
  const meta = JSON.parse(readFileSync(join(root, 'exercise.json'), 'utf8')) as { readonly?: string[] };
  const readonly = new Set(meta.readonly ?? []);
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const path = relative(join(root, 'solution'), full).split('\\').join('/');
        if (!readonly.has(path)) files[path] = readFileSync(full, 'utf8');
      }
    }
  };
  walk(join(root, 'solution'));
  return files;
}
