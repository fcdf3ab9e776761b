import { getCollection, type CollectionEntry } from 'astro:content';
import { COURSE_TITLE, LESSONS, WORKSHOP_NAME } from 'astro:env/client';
import { factors, type Factor } from './factors.ts';
import { parseLessonSelection } from './lesson-selection.ts';

export type Lesson = CollectionEntry<'lessons'>;

export const courseTitle: string = COURSE_TITLE ?? 'Twelve-Factor, Hands-On';
export const workshopName: string | undefined = WORKSHOP_NAME;

/**
 * The lessons this deployment shows, in order: every lesson by factor number,
 * or exactly the instructor's LESSONS selection. An id in LESSONS that names
 * no lesson fails the build, so a typo cannot silently drop a lesson.
 */
export function selectLessons(all: Lesson[], selection: string[] | null): Lesson[] {
  const byFactor = [...all].sort((a, b) => lessonNumber(a) - lessonNumber(b));
  if (!selection) return byFactor;
  const unknown = selection.filter((id) => !all.some((lesson) => lesson.id === id));
  if (unknown.length > 0) {
    throw new Error(
      `LESSONS names lessons that do not exist: ${unknown.join(', ')}. Known lessons: ${byFactor.map((l) => l.id).join(', ')}.`,
    );
  }
  return selection.map((id) => all.find((lesson) => lesson.id === id) as Lesson);
}

/**
 * Where a lesson stands in the course: its factor, or for a capstone (which has
 * `factors` instead) the number its id starts with ("13-capstone" → 13), after the factors.
 */
export function lessonNumber(lesson: Pick<Lesson, 'id' | 'data'>): number {
  return lesson.data.factor ?? (Number.parseInt(lesson.id, 10) || 99);
}

/** A lesson marked `draft: true` (a scaffold being written) shows in `npm run dev` only, never in a build. */
export async function getLessons(): Promise<Lesson[]> {
  return selectLessons(await getCollection('lessons', (lesson) => !lesson.data.draft || import.meta.env.DEV), parseLessonSelection(LESSONS));
}

export interface FactorEntry extends Factor {
  lesson: Lesson | undefined;
}

/** All twelve factors, each with its lesson when this deployment has one. */
export async function getFactorMap(): Promise<FactorEntry[]> {
  const lessons = await getLessons();
  return factors.map((factor) => ({ ...factor, lesson: lessons.find((l) => l.data.factor === factor.number) }));
}

/** Builds an href under the configured base path. */
export function href(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return `${base}/${path.replace(/^\//, '')}`;
}

/** Pages that come after the lessons (the wrap-up, the instructor guide): `order` above 0, in that order. */
export async function getClosingPages(): Promise<CollectionEntry<'pages'>[]> {
  return (await getCollection('pages')).filter((page) => page.data.order > 0).sort((a, b) => a.data.order - b.data.order);
}

export function lessonHref(lesson: Lesson): string {
  return href(`lessons/${lesson.id}/`);
}
