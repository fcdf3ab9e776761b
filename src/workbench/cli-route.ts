/**
 * The command-line route to an exercise. Shown whenever the page cannot load
 * or run the exercise, so the learner is never stuck: the course CLI solves
 * and checks it from their own editor.
 */
import { h } from './dom.ts';

export function cliRoute(id: string): HTMLElement {
  return h(
    'div',
    { class: 'wb-cli' },
    h('pre', {}, h('code', {}, `npm run exercise -- start ${id}\nnpm run check -- ${id}`)),
    h('p', { class: 'wb-muted' }, `Run these in a clone of the course repository: "start" copies the starter files to workspace/${id}, "check" runs the hidden tests on them.`),
  );
}
