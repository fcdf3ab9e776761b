/**
 * The one configuration schema of the course. Every environment variable the
 * site build or the course server reads is described here exactly once; the
 * Astro env schema (`astro.config.mjs`), the server's start-up validation
 * (`src/server/config.ts`) and the `.env.example` check all derive from it.
 */

export type VariableStage = 'build' | 'server';

interface BaseVariable {
  /** `build`: read by `astro build` and baked into the static site. `server`: read by `npm start`. */
  stage: VariableStage;
  /** One sentence for `.env.example` and the README's configuration table. */
  description: string;
  optional?: boolean;
}

export interface StringVariable extends BaseVariable {
  type: 'string';
  default?: string;
  url?: boolean;
  /** A regular expression the whole value must match, with a human explanation. */
  pattern?: { source: string; explain: string };
}
export interface NumberVariable extends BaseVariable {
  type: 'number';
  default?: number;
  min: number;
  max: number;
}
export interface BooleanVariable extends BaseVariable {
  type: 'boolean';
  default?: boolean;
}
export interface EnumVariable extends BaseVariable {
  type: 'enum';
  values: readonly string[];
  default?: string;
}
export type Variable = StringVariable | NumberVariable | BooleanVariable | EnumVariable;

export const variables = {
  SITE_URL: {
    stage: 'build',
    type: 'string',
    url: true,
    optional: true,
    description: 'Public URL of the hosted course (e.g. https://course.example.org); used for canonical links.',
  },
  BASE_PATH: {
    stage: 'build',
    type: 'string',
    default: '/',
    pattern: { source: '^/([A-Za-z0-9._~-]+/?)*$', explain: 'a path starting with "/", such as "/" or "/twelve-factor/"' },
    description: 'Path the site is served under, for hosting below a sub-folder (e.g. /twelve-factor/ on GitHub Pages).',
  },
  COURSE_TITLE: {
    stage: 'build',
    type: 'string',
    default: 'Twelve-Factor, Hands-On',
    description: 'Title shown in the header, page titles and the home page.',
  },
  WORKSHOP_NAME: {
    stage: 'build',
    type: 'string',
    optional: true,
    description: 'Optional name of your workshop or cohort, shown under the title (e.g. "Platform Guild, March 2027").',
  },
  LESSONS: {
    stage: 'build',
    type: 'string',
    optional: true,
    pattern: { source: '^\\s*[a-z0-9-]+(\\s*,\\s*[a-z0-9-]+)*\\s*$', explain: 'a comma-separated list of lesson ids such as "07-port-binding,03-config"' },
    description: 'Which lessons appear and in what order, as a comma-separated list of lesson ids. Unset: every lesson, in factor order.',
  },
  SOLUTION_POLICY: {
    stage: 'build',
    type: 'enum',
    values: ['always', 'after-attempt', 'never'],
    default: 'after-attempt',
    description: 'When learners may see the reference solution: always, after a first test run, or never.',
  },
  RUNTIME: {
    stage: 'build',
    type: 'enum',
    values: ['auto', 'webcontainer', 'local'],
    default: 'auto',
    description: 'Where exercise code runs: auto (local course server when it answers, else WebContainer), webcontainer, or local.',
  },
  WEBCONTAINER_CLIENT_ID: {
    stage: 'build',
    type: 'string',
    optional: true,
    description: 'StackBlitz WebContainer licence key (client id); required for commercial production use of WebContainer.',
  },
  WEBCONTAINER_COEP: {
    stage: 'build',
    type: 'enum',
    values: ['credentialless', 'require-corp'],
    default: 'credentialless',
    description: 'Cross-Origin-Embedder-Policy the pages ask for and WebContainer boots with.',
  },
  ISOLATION_SERVICE_WORKER: {
    stage: 'build',
    type: 'boolean',
    default: false,
    description: 'Add a small service worker that makes pages cross-origin isolated on hosts that cannot send COOP/COEP headers (GitHub Pages), so WebContainer can run there.',
  },
  FACILITATOR_NOTES: {
    stage: 'build',
    type: 'boolean',
    default: false,
    description: 'Show facilitator notes (timing, common stumbling blocks, a discussion question) at the end of each lesson and in the instructor guide. Meant for a build the instructor keeps, not for the site attendees use.',
  },
  PORT: {
    stage: 'server',
    type: 'number',
    default: 4321,
    min: 0,
    max: 65535,
    description: 'TCP port the course server listens on (0 picks a free one).',
  },
  HOST: {
    stage: 'server',
    type: 'string',
    default: '127.0.0.1',
    pattern: { source: '^[A-Za-z0-9.:\\-\\[\\]]+$', explain: 'a host name or IP address such as 127.0.0.1, localhost or ::1' },
    description: 'Interface the course server binds. Loopback by default; anything else needs RUNNER_ALLOW_REMOTE to keep the runner on.',
  },
  RUNNER: {
    stage: 'server',
    type: 'enum',
    values: ['on', 'off'],
    default: 'on',
    description: 'Whether the course server offers the local runtime (runs learner code with real Node processes).',
  },
  RUNNER_ALLOW_REMOTE: {
    stage: 'server',
    type: 'boolean',
    default: false,
    description: 'Let the runner answer on a non-loopback HOST. Only for a trusted workshop network: it executes code sent to it.',
  },
  RUNNER_ALLOWED_HOSTS: {
    stage: 'server',
    type: 'string',
    optional: true,
    description: 'Comma-separated extra Host header values the server accepts (e.g. the name learners type to reach a workshop machine).',
  },
  RUNNER_TIMEOUT_MS: {
    stage: 'server',
    type: 'number',
    default: 30000,
    min: 1000,
    max: 600000,
    description: 'Longest a test run or app run may take before it is stopped, in milliseconds.',
  },
  RUNNER_MAX_OUTPUT_BYTES: {
    stage: 'server',
    type: 'number',
    default: 1048576,
    min: 1024,
    max: 67108864,
    description: 'Most output a run may produce before it is stopped, in bytes.',
  },
  RUNNER_MAX_BODY_BYTES: {
    stage: 'server',
    type: 'number',
    default: 1048576,
    min: 1024,
    max: 16777216,
    description: 'Largest request body the runner accepts, in bytes.',
  },
  RUNNER_MAX_CONCURRENT: {
    stage: 'server',
    type: 'number',
    default: 2,
    min: 1,
    max: 64,
    description: 'How many runs may execute at the same time; more are refused with HTTP 429.',
  },
  RUNNER_SANDBOX: {
    stage: 'server',
    type: 'enum',
    values: ['auto', 'require', 'off'],
    default: 'auto',
    description:
      'Contain each run in a bubblewrap sandbox (Linux): auto uses it where available, require refuses to start without it, off never uses it (process-group clean-up only).',
  },
  RUNNER_MEMORY_MB: {
    stage: 'server',
    type: 'number',
    default: 1536,
    min: 256,
    max: 65536,
    description: 'Memory all processes of one sandboxed run may use together, in MiB (a cgroup where one can be made; else a per-process address-space limit).',
  },
  RUNNER_MAX_PROCESSES: {
    stage: 'server',
    type: 'number',
    default: 512,
    min: 32,
    max: 8192,
    description: 'Processes and threads one sandboxed run may have at once (enforced where a cgroup can be made).',
  },
  SHUTDOWN_TIMEOUT_MS: {
    stage: 'server',
    type: 'number',
    default: 10000,
    min: 0,
    max: 600000,
    description: 'On SIGTERM/SIGINT, how long the course server lets in-flight requests and runs finish before it stops them, in milliseconds.',
  },
} as const satisfies Record<string, Variable>;

export type VariableName = keyof typeof variables;
