/**
 * `npm run exercise -- new <NN-slug>`: a new exercise and its lesson, as drafts that
 * `npm run verify` accepts from the first minute (the starter fails its one example
 * check, the solution passes it) while listing what is left before it is finished:
 * the variants, the TODO(author) placeholders, the lesson's draft flag.
 *
 * No placeholder variants: the course's minimum (3 right, 5 wrong) is for real ones.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { factors } from '../content/factors.ts';
import { exercisesRoot } from '../engine/exercises.ts';
import { lessonsRoot, MIN_RIGHT_VARIANTS, MIN_WRONG_VARIANTS, PLACEHOLDER, shown } from './authoring.ts';
import { UsageError } from './terminal.ts';

const ID_PATTERN = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export interface ScaffoldOptions {
  /** e.g. "14-feature-flags". */
  id: string;
  /** For a capstone (number above 12): the factors it combines, at least two. */
  factors?: number[];
  /** The exercises folder (default: TFC_EXERCISES_DIR, else exercises/). */
  exercisesDir?: string;
  /** The lessons folder (default: TFC_LESSONS_DIR, else content/lessons/). */
  lessonsDir?: string;
}

export interface Scaffolded {
  exerciseDir: string;
  lessonFile: string;
  /** Paths written, relative to the exercise folder or, for the lesson, its own path. */
  files: string[];
}

/** Parses "3,7,9" into factor numbers; UsageError when it is not a list of 1-12. */
export function parseFactorList(value: string): number[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (list.length < 2 || list.some((n) => !Number.isInteger(n) || n < 1 || n > 12) || new Set(list).size !== list.length) {
    throw new UsageError(`--factors must list at least two different factor numbers from 1 to 12, e.g. --factors 3,7 (got "${value}").`);
  }
  return list;
}

/** Refuses a bad or taken id with a message saying what to do instead. */
export async function checkNewId(id: string, exercisesDir: string, lessonsDir: string): Promise<{ number: number; slug: string }> {
  const match = ID_PATTERN.exec(id);
  if (!match) {
    throw new UsageError(`"${id}" is not an exercise id: two digits, a dash and a lowercase slug of words joined by dashes, e.g. 14-feature-flags.`);
  }
  const number = Number(match[1]);
  const slug = match[2] as string;
  if (number === 0) throw new UsageError(`Exercise numbers start at 01 (got "${id}").`);
  const taken = (await readdir(exercisesDir).catch(() => [] as string[])).filter((name) => name.slice(0, 3) === `${match[1]}-`);
  if (taken.includes(id) || existsSync(path.join(exercisesDir, id))) throw new UsageError(`${shown(path.join(exercisesDir, id))} already exists; nothing was written. Pick another id.`);
  if (taken.length) throw new UsageError(`Number ${match[1]} is taken by ${taken.map((t) => shown(path.join(exercisesDir, t))).join(', ')}; nothing was written. Pick the next free number (npm run exercise -- list).`);
  const lesson = path.join(lessonsDir, `${id}.mdx`);
  if (existsSync(lesson)) throw new UsageError(`${shown(lesson)} already exists; nothing was written. Pick another id.`);
  return { number, slug };
}

/** Writes exercises/<id>/ and content/lessons/<id>.mdx. Refuses a bad or taken id (UsageError), writing nothing. */
export async function scaffoldExercise(options: ScaffoldOptions): Promise<Scaffolded> {
  const exercisesDir = exercisesRoot(options.exercisesDir);
  const lessonsDir = lessonsRoot(options.lessonsDir);
  const { id } = options;
  const { number, slug } = await checkNewId(id, exercisesDir, lessonsDir);
  const factor = factors.find((f) => f.number === number);
  const capstone = number > 12;
  if (capstone && !options.factors) {
    throw new UsageError(`${id} is numbered above 12, so it is a capstone: name the factors it combines, e.g. npm run exercise -- new ${id} --factors 3,7`);
  }
  if (!capstone && options.factors) throw new UsageError(`--factors is only for a capstone (a number above 12); ${id} practises factor ${number}.`);
  const title = factor?.name ?? titleOf(slug);
  const context: Context = { id, number, slug, title, factors: options.factors ?? [], factorSlug: factor ? factor.slug.slice(3) : null };

  const exerciseDir = path.join(exercisesDir, id);
  const tree: Record<string, string> = {
    'exercise.json': exerciseJson(context),
    'starter/package.json': packageJson(context),
    'starter/README.md': starterReadme(context),
    'starter/server.js': server('starter'),
    'solution/package.json': packageJson(context),
    'solution/README.md': starterReadme(context),
    'solution/server.js': server('solution'),
    [`tests/${slug}.test.mjs`]: hiddenTest(context),
    'variants/README.md': variantsReadme(context),
  };
  for (const [rel, text] of Object.entries(tree)) {
    const full = path.join(exerciseDir, rel);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, text, { flag: 'wx' });
  }
  await mkdir(lessonsDir, { recursive: true });
  const lessonFile = path.join(lessonsDir, `${id}.mdx`);
  await writeFile(lessonFile, lesson(context), { flag: 'wx' });
  return { exerciseDir, lessonFile, files: Object.keys(tree) };
}

interface Context {
  id: string;
  number: number;
  slug: string;
  title: string;
  /** A capstone's factors; [] for a single factor. */
  factors: number[];
  /** The factor's page on 12factor.net ("port-binding"), null for a capstone. */
  factorSlug: string | null;
}

function titleOf(slug: string): string {
  const words = slug.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const T = PLACEHOLDER;

function exerciseJson(ctx: Context): string {
  const json = {
    id: ctx.id,
    factor: ctx.factors.length ? 0 : ctx.number,
    ...(ctx.factors.length ? { factors: ctx.factors } : {}),
    title: ctx.title,
    summary: `${T}: the task in one or two sentences, as lists and \`npm run exercise -- start\` show it.`,
    editable: ['server.js'],
    readonly: ['package.json', 'README.md'],
    allowNewFiles: true,
    app: { command: ['node', 'server.js'], env: { PORT: 'auto' } },
    hints: [
      `${T}: a nudge: the question the learner should ask about the starter.`,
      `${T}: a pointer: the API or file to use, and the rule the checks apply.`,
      `${T}: a near-solution sketch, in a short code block.`,
    ],
    timeoutMs: 20000,
    draft: true,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function packageJson(ctx: Context): string {
  const pkg = {
    name: 'shortlinks',
    version: `0.${ctx.number}.0`,
    private: true,
    description: "Shortlinks, the course's storyline app: a tiny URL shortener, improved factor by factor.",
    type: 'module',
    scripts: { start: 'node server.js' },
    engines: { node: '>=20' },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function starterReadme(ctx: Context): string {
  return `# Shortlinks — exercise ${ctx.number}: ${ctx.title.toLowerCase()}

${T}: what the app is and what is wrong with it today, in the learner's words.

**Your task:** ${T}: the numbered rules the hidden checks apply.

Try it: \`PORT=4000 node server.js\`, then open http://localhost:4000/.

Check your work: \`npm run check -- ${ctx.id}\` (from the course folder).
`;
}

function server(which: 'starter' | 'solution'): string {
  const status = which === 'starter' ? 501 : 200;
  const body = which === 'starter' ? 'Not implemented yet' : 'ok';
  const header =
    which === 'starter'
      ? `// ${T}: the starter, a small app that breaks the factor the way real code does. Keep the\n// Shortlinks storyline (see exercises/07-port-binding/ and exercises/09-disposability/).`
      : `// ${T}: the reference solution. The checks must also pass other correct solutions\n// (variants/right-*), so test the principle, not this file's layout.`;
  return `${header}
import http from 'node:http';

const port = Number(process.env.PORT);
const server = http.createServer((req, res) => {
  res.writeHead(${status}, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('${body}\\n');
});
server.listen(port, () => console.log(\`Shortlinks listening on port \${port}\`));
`;
}

function hiddenTest(ctx: Context): string {
  return `// Hidden checks for exercise ${ctx.number}, ${ctx.title.toLowerCase()}. ${T}: replace the example check
// below with behavioural checks of the factor: start the learner's app as real processes and
// observe what the factor is about (grepping source only as a secondary check). Write them for
// the principle, not for solution/: unseen correct solutions must pass, plausible wrong ones
// must fail, and code that detects the test must not pass. Every failure says Observed /
// Expected / Where to look. Read exercises/_harness/README.md (and its checks/ modules) and the
// pilot, exercises/07-port-binding/.
// (This file runs from <root>/hidden/tests/, so the harness is ../_harness/.)
import { test, startApp, freePort, expectListening, request, ensure } from '../_harness/index.mjs';

test('answers GET / with status 200', async (t) => {
  const port = await freePort();
  const app = await startApp(t, { command: ['node', 'server.js'], env: { PORT: String(port) } });
  await expectListening(app, port, { expected: 'the app listens on the port given in PORT within 5 s', hint: 'server.js, listen()' });
  const res = await request({ port, path: '/' });
  ensure(res.status === 200, {
    observed: \`GET / answered \${res.status}\`,
    expected: 'status 200',
    hint: 'server.js, the request handler',
  });
});
`;
}

function variantsReadme(ctx: Context): string {
  return `# Variants of ${ctx.id}

Not learner files: fixtures that prove the hidden tests judge the principle. \`npm run verify -- ${ctx.id}\`
runs each one and fails until there are at least ${MIN_RIGHT_VARIANTS} right and ${MIN_WRONG_VARIANTS} wrong ones.

- \`right-<approach>/\`: a correct solution in another style (other file layout, other names,
  another API): must pass every check.
- \`wrong-<mistake>/\`: a plausible learner mistake, each failing for the right reason. Its
  \`README.md\` says what is wrong, with one \`Expected to fail: <check name>\` line per check
  that must fail.

A variant folder holds only the files that differ from \`starter/\` (read-only files always
come from the starter); see exercises/07-port-binding/variants/ for the layout.
`;
}

function lesson(ctx: Context): string {
  const factorLine = ctx.factors.length ? `factors: [${ctx.factors.join(', ')}]` : `factor: ${ctx.number}`;
  const source = ctx.factorSlug
    ? `This lesson explains [${factors.find((f) => f.number === ctx.number)?.roman}. ${ctx.title}](https://12factor.net/${ctx.factorSlug}) from *The
Twelve-Factor App* ([12factor.net](https://12factor.net)), maintained by the
[twelve-factor/twelve-factor](https://github.com/twelve-factor/twelve-factor) project and
licensed under [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/). The text above is
our own wording; quotations are marked as such.`
    : `${T}: link each factor this capstone combines on 12factor.net, then the CC BY 4.0
attribution as in the other lessons.`;
  const question = (n: number) => `<Question>
${T}: question ${n}, on the factor's core idea (not only the exercise's mechanics).

<Option>${T}: a plausible wrong answer. <Explain>${T}: why it is wrong.</Explain></Option>
<Option correct>${T}: the right answer (vary its position). <Explain>${T}: why it is right.</Explain></Option>
<Option>${T}: another plausible wrong answer. <Explain>${T}: why it is wrong.</Explain></Option>
</Question>`;
  return `---
${factorLine}
title: "${ctx.title}"
summary: "${T}: one sentence of 10-200 characters, shown under the title, in search and in meta tags."
minutes: 30
objectives:
  - "${T}: something the learner will be able to do, starting with a verb"
exercise: "${ctx.id}"
draft: true  # the site does not publish a draft; npm run verify -- ${ctx.id} lists what is left
---

{/* Rules for every section: content/lessons/README.md. What this lesson must teach and
    the misreadings it must correct: docs/lesson-requirements.md. The model: 07-port-binding.mdx. */}

## What the factor says

${T}: the factor's title and central sentence, quoted, then the principle in plain words.
Keep the factor's text, platform convention and course decision apart, and correct the
common misreading.

## Why it matters

${T}: one concrete failure story (who, what broke, what they saw), then the principle that
would have prevented it.

## Anti-patterns

- **${T}**: why it hurts, in one or two sentences.

## In a Node.js service

${T}: short, runnable snippets with Node.js built-ins.

## On today's platforms

### Containers

${T}: what the platform does, and what the app must still do itself.

### Kubernetes

${T}

### Platform as a service

${T}

## What's changing

${T}: only claims you can cite from the twelve-factor/twelve-factor repository (issue or pull
request, and its status); otherwise delete this section.

## Check your understanding

<Quiz>

${[1, 2, 3, 4].map(question).join('\n\n')}

</Quiz>

## Exercise

${T}: the task, the files, what "done" means and the exact rules the hidden tests apply
(inputs, outputs, time limits), then what is not checked. Do not print the solution.
In your own editor: \`npm run exercise -- start ${ctx.id}\`, then \`npm run check -- ${ctx.id}\`.

## Source

${source}
`;
}
