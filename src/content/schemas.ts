import { z } from 'astro/zod';

/** A factor's number, 1 to 12. */
const factorNumber = z.number().int().min(1).max(12);

/**
 * Frontmatter of a lesson. A lesson on one factor gives `factor`; a capstone, which
 * combines several, gives `factors` instead (at least two) and no `factor`.
 */
export const lessonSchema = z
  .object({
    factor: factorNumber.optional(),
    factors: z.array(factorNumber).min(2, 'a capstone combines at least two factors').optional(),
    title: z.string().min(3).max(80),
    summary: z.string().min(10).max(200),
    minutes: z.number().int().min(1).max(240),
    objectives: z.array(z.string().min(3)).min(1).max(8),
    exercise: z.string().regex(/^\d{2}-[a-z0-9-]+$/, 'must be an exercise folder name such as "07-port-binding"'),
    updated: z.coerce.date().optional(),
    /** Work in progress (`npm run exercise -- new` writes it): not to be published until removed. */
    draft: z.boolean().optional(),
  })
  .superRefine((data, ctx) => {
    if (data.factor === undefined && data.factors === undefined) {
      ctx.addIssue({ code: 'custom', path: ['factor'], message: 'is required: the factor this lesson teaches, 1 to 12 (or, for a capstone, give "factors" instead)' });
    } else if (data.factor !== undefined && data.factors !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['factors'], message: 'is only for a capstone, which has no "factor": give one of the two' });
    }
  });
export type LessonFrontmatter = z.infer<typeof lessonSchema>;

export const pageSchema = z.object({
  title: z.string().min(3).max(80),
  summary: z.string().min(10).max(200),
  order: z.number().int().default(0),
});
