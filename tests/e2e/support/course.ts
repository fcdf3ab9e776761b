/**
 * The course as this build configured it, read from dist/ (so the end-to-end
 * tests follow LESSONS and any set of lessons): which lessons were built and
 * which exercise each embeds.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface BuiltLesson {
  id: string;
  path: string;
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
      return { id, path: `/lessons/${id}/`, exercise: /data-exercise-id="([^"]+)"/.exec(html)?.[1] ?? null };
    });
}

/** The pages around the lessons (introduction, wrap-up…) this build made, as paths: top-level folders with an index.html. */
export function builtPages(dist = 'dist'): string[] {
  const notPages = new Set(['lessons', 'exercises', 'search', '_astro', 'pagefind']);
  if (!existsSync(dist)) return [];
  return readdirSync(dist)
    .filter((name) => !notPages.has(name) && existsSync(join(dist, name, 'index.html')))
    .sort()
    .map((name) => `/${name}/`);
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
