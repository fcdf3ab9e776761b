/**
 * The only exercise script a lesson page loads up front (a few hundred bytes).
 * The workbench itself is imported when the learner clicks "Start exercise",
 * or prefetched when the exercise scrolls into view; a returning learner
 * (saved progress for this exercise) gets it mounted as soon as it is visible.
 */
type Mod = typeof import('./workbench.ts');

const section = document.querySelector<HTMLElement>('[data-exercise-section]');
const root = section?.querySelector<HTMLElement>('[data-workbench]');
const button = section?.querySelector<HTMLButtonElement>('[data-start-exercise]');

if (section && root && button) {
  const d = section.dataset;
  const id = d['exerciseId']!;
  let mod: Promise<Mod> | undefined;
  let started = false;
  const load = () => (mod ??= import('./workbench.ts'));
  const start = async (focus: boolean) => {
    if (started) return;
    started = true;
    button.setAttribute('aria-disabled', 'true');
    button.textContent = 'Loading the exercise…';
    try {
      const { mountWorkbench } = await load();
      await mountWorkbench(root, {
        exerciseId: id,
        base: d['base'] ?? '/',
        runtime: (d['runtime'] ?? 'auto') as 'auto',
        coep: (d['coep'] ?? 'credentialless') as 'credentialless',
        clientId: d['clientId'] || undefined,
      });
      if (focus) root.querySelector<HTMLElement>('[role=tab][aria-selected=true]')?.focus();
    } catch {
      started = false;
      mod = undefined;
      button.removeAttribute('aria-disabled');
      button.textContent = 'Start exercise (loading failed, try again)';
    }
  };
  let returning = false;
  try {
    returning = !!JSON.parse(localStorage.getItem('tfc-progress') ?? 'null')?.exercises?.[id];
  } catch {
    // unreadable progress: the workbench will say so when it starts
  }
  if (returning) button.textContent = 'Continue exercise';
  button.hidden = false;
  button.addEventListener('click', () => void start(true));
  new IntersectionObserver((entries, observer) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    observer.disconnect();
    if (returning) void start(false);
    else void load();
  }).observe(section);
}
