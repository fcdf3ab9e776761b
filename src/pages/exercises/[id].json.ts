/**
 * The exercise bundle the workbench fetches: `<base>exercises/<id>.json`, one
 * static file per exercise (metadata, starter, hidden tests, harness, and the
 * solution unless SOLUTION_POLICY=never). Shape: src/runtime/bundle.ts.
 * Only the exercises of the lessons this deployment shows are published: a
 * workshop's site carries nothing of the lessons it left out (or of drafts).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { SOLUTION_POLICY } from 'astro:env/client';
import { getLessons } from '../../content/course.ts';
import { loadExercise } from '../../engine/exercises.ts';
import { toBundle } from '../../runtime/bundle.ts';

export const getStaticPaths = (async () => {
  const ids = new Set((await getLessons()).map((lesson) => lesson.data.exercise));
  return [...ids].map((id) => ({ params: { id } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const exercise = await loadExercise(String(params['id']));
  const bundle = toBundle(exercise, SOLUTION_POLICY ?? 'after-attempt');
  return new Response(JSON.stringify(bundle), { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
