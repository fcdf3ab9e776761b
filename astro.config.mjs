// @ts-check
import { existsSync } from 'node:fs';
import { defineConfig, envField } from 'astro/config';
import mdx from '@astrojs/mdx';
import { variables } from './src/config/variables.ts';
import { parseConfig } from './src/config/parse.ts';
import { applyCourseFile } from './src/config/course-file.ts';
import { isolationHeaders } from './src/config/isolation.ts';
import { staticHosting } from './src/integrations/static-hosting.ts';
import { buildStamp } from './src/integrations/build-stamp.ts';
import { devRuntime } from './src/integrations/dev-runtime.ts';

// A local .env is convenient for authors; real environment variables win over it.
if (existsSync('.env')) process.loadEnvFile('.env');
// The fork's committed course settings (course.config.json), under the environment.
applyCourseFile(process.env);

// Fails the build with a message naming each bad variable (same schema as the server).
const config = parseConfig('build', process.env);

/** Astro's typed env schema, derived from the one variable list so pages import typed values. */
const schema = Object.fromEntries(
  Object.entries(variables)
    .filter(([, v]) => v.stage === 'build')
    .map(([name, v]) => {
      const common = { context: /** @type {const} */ ('client'), access: /** @type {const} */ ('public'), optional: true };
      const def = 'default' in v ? { default: /** @type {any} */ (v.default) } : {};
      if (v.type === 'enum') return [name, envField.enum({ ...common, ...def, values: [...v.values] })];
      if (v.type === 'number') return [name, envField.number({ ...common, ...def })];
      if (v.type === 'boolean') return [name, envField.boolean({ ...common, ...def })];
      return [name, envField.string({ ...common, ...def })];
    }),
);

export default defineConfig({
  ...(config.SITE_URL ? { site: config.SITE_URL } : {}),
  base: config.BASE_PATH,
  // In the project, not node_modules/.astro: test builds of throwaway copies link node_modules and must not share a content cache.
  cacheDir: './.astro/cache',
  trailingSlash: 'ignore',
  output: 'static',
  integrations: [
    mdx(),
    staticHosting({ coep: config.WEBCONTAINER_COEP, serviceWorker: config.ISOLATION_SERVICE_WORKER }),
    buildStamp({ basePath: config.BASE_PATH, coep: config.WEBCONTAINER_COEP }),
    devRuntime(),
  ],
  env: { schema, validateSecrets: false },
  markdown: {
    shikiConfig: {
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
      defaultColor: false,
    },
  },
  server: { headers: isolationHeaders(config.WEBCONTAINER_COEP) },
  devToolbar: { enabled: false },
  vite: {
    build: {
      rollupOptions: {
        // Astro marks MDX modules with a "use astro:head-inject" directive that the bundler cannot keep and
        // warns about, in a large box per lesson: harmless, and alarming for workshop attendees. Only that one is hidden.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && String(warning.message).includes('astro:head-inject')) return;
          warn(warning);
        },
      },
    },
  },
});
