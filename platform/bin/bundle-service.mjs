#!/usr/bin/env node
// Usage (from a service workspace, after its `nest build`): bundle-service [--external <package>]...
//
// Bundles dist/main.js and everything it imports into dist/main.bundle.js, the file the container runs. Loading
// ~2,500 separate modules (resolving, reading and linking each, and scanning every CommonJS file for its exports)
// was most of the boot time; one file starts in about 60 % of the time and holds less memory. The bundle sits next to
// dist/main.js, so paths computed from import.meta.url (web's views/ and public/) resolve the same from both.
//
// Packages that are not installed are left as imports: NestJS, TypeORM and others load their optional
// integrations only when present, inside a try. Packages that read their own files at run time (swagger-ui-dist
// serves its assets from its own folder) must stay external: pass them with --external.
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values } = parseArgs({ options: { external: { type: 'string', multiple: true, default: [] } } });

/** Marks a bare import that does not resolve (an optional peer that is not installed) as external. */
const optionalPackages = {
  name: 'optional-packages',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === optionalPackages) return undefined;
      const resolved = await esbuild.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: optionalPackages,
      });
      return resolved.errors.length > 0 ? { path: args.path, external: true } : resolved;
    });
  },
};

await build({
  entryPoints: ['dist/main.js'],
  outfile: 'dist/main.bundle.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Nest names providers, modules and log contexts after classes: minification must not rename them.
  keepNames: true,
  external: values.external,
  // CommonJS packages inside an ESM bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  plugins: [optionalPackages],
  logLevel: 'warning',
});
