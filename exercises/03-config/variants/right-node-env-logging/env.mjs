// The deploy's settings, from its environment. Throws one error naming every
// variable that is missing or unusable.
export function settingsFrom(env) {
  const problems = [];
  const publicUrl = env.PUBLIC_URL ?? '';
  if (!/^https?:\/\/[^/\s]+/i.test(publicUrl) || !URL.canParse(publicUrl)) {
    problems.push(publicUrl ? `PUBLIC_URL "${publicUrl}" is not an absolute http(s) URL` : 'PUBLIC_URL is missing');
  }
  if (!env.ADMIN_TOKEN?.trim()) problems.push('ADMIN_TOKEN is missing');
  if (problems.length) throw new Error(problems.join('; '));
  return { publicUrl: publicUrl.replace(/\/+$/, ''), adminToken: env.ADMIN_TOKEN };
}
