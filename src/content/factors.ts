/**
 * The twelve factors as a map: number, name and a one-line statement in our
 * own words. The home page and the sidebar show all twelve; a factor links to
 * its lesson when the lesson exists (and is enabled for this deployment).
 */
export interface Factor {
  number: number;
  roman: string;
  name: string;
  /** The lesson id (file name without `.mdx`) that teaches this factor. */
  slug: string;
  statement: string;
}

export const factors: readonly Factor[] = [
  { number: 1, roman: 'I', name: 'Codebase', slug: '01-codebase', statement: 'One codebase tracked in version control, many deploys.' },
  { number: 2, roman: 'II', name: 'Dependencies', slug: '02-dependencies', statement: 'Declare every dependency explicitly and isolate the app from the system.' },
  { number: 3, roman: 'III', name: 'Config', slug: '03-config', statement: 'Keep what varies between deploys in the environment, not in the code.' },
  { number: 4, roman: 'IV', name: 'Backing services', slug: '04-backing-services', statement: 'Treat databases, queues and APIs as attached resources, swappable by config.' },
  { number: 5, roman: 'V', name: 'Build, release, run', slug: '05-build-release-run', statement: 'Keep build, release and run as strictly separate stages.' },
  { number: 6, roman: 'VI', name: 'Processes', slug: '06-processes', statement: 'Run the app as stateless, share-nothing processes.' },
  { number: 7, roman: 'VII', name: 'Port binding', slug: '07-port-binding', statement: 'The app serves itself by binding a port; nothing is injected at run time.' },
  { number: 8, roman: 'VIII', name: 'Concurrency', slug: '08-concurrency', statement: 'Scale out by running more processes of each type.' },
  { number: 9, roman: 'IX', name: 'Disposability', slug: '09-disposability', statement: 'Start fast, shut down gracefully, survive sudden death.' },
  { number: 10, roman: 'X', name: 'Dev/prod parity', slug: '10-dev-prod-parity', statement: 'Keep development, staging and production as alike as you can.' },
  { number: 11, roman: 'XI', name: 'Logs', slug: '11-logs', statement: 'Write logs as an event stream to stdout; let the platform route them.' },
  { number: 12, roman: 'XII', name: 'Admin processes', slug: '12-admin-processes', statement: 'Run one-off admin tasks as processes of the same release.' },
];
