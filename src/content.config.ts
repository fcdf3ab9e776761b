import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema, pageSchema } from './content/schemas.ts';

/** One lesson per factor, `content/lessons/NN-slug.mdx`; the file name is the lesson id and URL. */
const lessons = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content/lessons' }),
  schema: lessonSchema,
});

/** Pages around the lessons (introduction, wrap-up), `content/pages/slug.mdx`. */
const pages = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content/pages' }),
  schema: pageSchema,
});

export const collections = { lessons, pages };
