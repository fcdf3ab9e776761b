/**
 * Facilitator notes, one entry per lesson id: how to spend the lesson's
 * minutes, where learners get stuck in its exercise (drawn from the
 * exercise's hints and its `variants/wrong-*`), and a question to open a
 * discussion. They are shown at the end of each lesson page and in the
 * instructor guide only in a build with FACILITATOR_NOTES=true
 * (src/components/FacilitatorNotes.astro); the lessons themselves stay as
 * their authors wrote them. A lesson without an entry here shows a to-do line
 * instead when the notes are on.
 */

export interface FacilitatorNote {
  /** How to spend the lesson's minutes. */
  timing: string;
  /** The mistake most learners make in the exercise, and how to nudge them. */
  stumble: string;
  /** A question for the room once most have passed. */
  question: string;
}

export const facilitatorNotes: Readonly<Record<string, FacilitatorNote>> = {
  '01-codebase': {
    timing:
      'About 15 minutes of reading and quiz, 20 for the exercise. The first exercise is also where set-up problems surface: walk the room in the first five minutes and check that every workbench says where its code runs.',
    stumble:
      'Learners merge the two copies but keep the difference as a test of the deploy’s name (`if (DEPLOY_NAME === "production")`) or of `NODE_ENV`, or fix one copy and keep the other “in sync”. Ask what a third deploy (a laptop) would run: each difference must become a setting of its own, and `deploys/` must go.',
    question: 'Does your team keep a branch or a folder per environment anywhere? What would make it one codebase again, and what would stop you?',
  },
  '02-dependencies': {
    timing: 'About 15 minutes of reading, 20 for the exercise; the checks run in about a second, so learners can iterate quickly.',
    stumble:
      'Many believe a caret range (`^3.1.0`) is pinned, or replace `curl` by `sh -c "curl …"`, which still needs curl on the machine. Point at the rule the checks state: exact versions, an `engines` field, and the app must run with nothing but `node` on its PATH.',
    question: 'Your Dockerfile installs curl in the base image. Is that a declared dependency? Who else, reading only package.json, would know about it?',
  },
  '03-config': {
    timing: 'About 15 minutes of reading, 20 for the exercise. If the room is quick, spend the spare minutes on the litmus test below rather than on the next lesson.',
    stumble:
      'The fallback: `process.env.ADMIN_TOKEN || "dev-token"` keeps a token in the code, and so does the old token left in a comment. The second most common miss is checking that `PUBLIC_URL` is present without checking that it is an absolute http(s) URL.',
    question: 'The factor’s litmus test: could this repository be made open source right now without leaking a credential? Try it on a repository of your own.',
  },
  '04-backing-services': {
    timing: 'About 15 minutes of reading, 20 for the exercise. `node dev.js --store-only` in a terminal helps learners see two stores side by side; show it on the projector once.',
    stumble:
      'Learners keep the in-memory fallback “for resilience” or catch the store’s error and carry on, so a store outage silently loses links. The checks want an error (the app answers 503), and a 404 only for a missing link. A default `localhost` URL is the other common miss.',
    question: 'When the store is down, is an honest 503 better than answering from a local copy? When would a local cache be legitimate, and what would it have to promise?',
  },
  '05-build-release-run': {
    timing:
      'About 15 minutes of reading, 25 for the exercise: learners fill in three scripts (`build.js`, `release.js`, `run.js`), more to write than in any exercise before it. Expect a slow tail; pair the last few learners.',
    stumble:
      'The run stage reads `PUBLIC_URL` from the environment instead of from the release, or the release links to `build/` instead of copying it, so the next build changes an old release. Ids that can repeat (a timestamp to the second, the package version) are the third trap.',
    question: 'Is a git tag a release? What does a release hold that a tag does not, and how would you roll back on your platform?',
  },
  '06-processes': {
    timing: 'About 15 minutes of reading, 25 for the exercise. The checks start several copies of the app and take a few seconds per run: ask learners to read the whole result before editing again.',
    stumble:
      'A memory cache “just for speed” in front of the store, click counts flushed later, or moving the links but leaving sessions in a `Map`. Each works with one process and fails when a second copy answers the next request: draw the two copies behind a router on the board.',
    question: 'Your load balancer offers sticky sessions. Why does the factor still call them a violation, and what breaks first when you rely on them?',
  },
  '07-port-binding': {
    timing: 'The shortest lesson, 30 minutes: about 15 of reading, 15 for the exercise. A good place to catch up a schedule that slipped.',
    stumble:
      'A default port (`process.env.PORT || 8080`) that hides a missing variable, or the raw string passed to `listen()` without checking it is a whole number from 1 to 65535. Remind learners that requiring `PORT` with no default is the course’s decision, as the lesson says, not the factor’s text.',
    question: 'What would a web app that is not self-contained look like (think of an application server the code is deployed into)? Who picks the port on the platforms you use?',
  },
  '08-concurrency': {
    timing:
      'About 15 minutes of reading, 25 for the exercise. Test runs start many processes and take several seconds; on a shared machine, ask people not to press “Run tests” twice in a row.',
    stumble:
      'Acknowledging the job before the title is stored (a crash then loses it), leaving the timer in the web process, or a worker that detaches itself or writes a pid file. The `Procfile` needs two process types, and the worker must stay in the foreground.',
    question: 'Why does the factor say processes should never daemonize or write PID files? Who restarts a crashed process on your platform?',
  },
  '09-disposability': {
    timing:
      'The longest factor lesson, 45 minutes: about 15 of reading, 30 for the exercise. The checks wait on purpose (a slow request, an expiring lease), so a run takes several seconds even when it passes.',
    stumble:
      'Exiting at once on SIGTERM (dropping the request in flight), or calling `server.close()` and never exiting. In the worker, the job in hand must go back with `queue.release()`; and a read-add-write counter counts a repeated job twice: one key per job makes it idempotent.',
    question: 'If the app must survive a SIGKILL anyway (crash-only design), why handle SIGTERM at all? What does a graceful stop buy that a crash does not?',
  },
  '10-dev-prod-parity': {
    timing:
      'About 15 minutes of reading, 25 for the exercise. Docker is not needed: the checks read `compose.yaml` as text and stand in for the services with stubs. Say so early, before someone installs Docker on conference Wi-Fi.',
    stumble:
      'Moving the `NODE_ENV` branch somewhere else (a cache or a memory fallback outside production) instead of removing it, and `compose.yaml` images that are “compatible” rather than the same type and version as `deploy/production.json` (`latest`, or Redis standing in for RabbitMQ).',
    question: 'Where do you run a lighter service in development than in production (SQLite for PostgreSQL, an in-memory queue)? Which bug has that let through?',
  },
  '11-logs': {
    timing: 'About 15 minutes of reading, 25 for the exercise. Show `PORT=4000 node dev.js` once: seeing two event streams side by side makes the factor concrete.',
    stumble:
      '`console.log(object)` prints JavaScript, not JSON; pretty-printed JSON spans several lines; and logging a request when it arrives (not when its answer goes out) cannot know the status. Events belong on stdout, one per line, written at once.',
    question: 'Who decides where your logs go today: the app’s code or the platform? What would change if the app shipped its own logs and the collector were down?',
  },
  '12-admin-processes': {
    timing: 'About 15 minutes of reading, 25 for the exercise.',
    stumble:
      'Importing `server.js` into the migration (which starts the web server), a migration that never exits because something stays open, or one that is not safe to run twice. The admin code must use the app’s own config and modules, including the key prefix, not a copy with its own store address.',
    question: 'Migrations run at container start-up by every replica: a one-off admin process or not? What happens when three replicas start at once?',
  },
  '13-capstone': {
    timing:
      'Plan 90 minutes: 10 to read the legacy app and agree on a plan, then factor by factor (VII and III, IV, VI, IX), running the checks after each step. Pairs work well; a short stand-up at the halfway mark helps the slowest pairs pick their next group.',
    stumble:
      'Fixing everything at once, then facing five red groups and no idea which change broke what. Send learners back to the plan in the first hint: one factor at a time, checks after each. A leftover warm-up cache, a default port or a fallback token are the usual last red checks.',
    question: 'Which of the five problems would have hurt most in production? In a real legacy service with no tests, which would you fix first, and how would you know it stayed fixed?',
  },
};

export function facilitatorNoteFor(lessonId: string): FacilitatorNote | undefined {
  return Object.hasOwn(facilitatorNotes, lessonId) ? facilitatorNotes[lessonId] : undefined;
}
