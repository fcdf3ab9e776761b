/**
 * The LESSONS setting (comma-separated lesson ids) as a list. Plain TypeScript with
 * no Astro imports: the site (course.ts), the build's settings check and the CLI share it.
 */
export function parseLessonSelection(value: string | undefined): string[] | null {
  if (!value?.trim()) return null;
  return value
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
}
