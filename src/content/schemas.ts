import { z } from 'astro/zod';

/** Frontmatter of a lesson. A bad field fails `astro build` with the file and the field named. */
export const lessonSchema = z.object({
  factor: z.number().int().min(1).max(12),
  title: z.string().min(3).max(80),
  summary: z.string().min(10).max(200),
  minutes: z.number().int().min(1).max(240),
  objectives: z.array(z.string().min(3)).min(1).max(8),
  exercise: z.string().regex(/^\d{2}-[a-z0-9-]+$/, 'must be an exercise folder name such as "07-port-binding"'),
  updated: z.coerce.date().optional(),
});
export type LessonFrontmatter = z.infer<typeof lessonSchema>;

export const pageSchema = z.object({
  title: z.string().min(3).max(80),
  summary: z.string().min(10).max(200),
  order: z.number().int().default(0),
});
