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
// serves its assets from its own folder) must stay external: pass them with --external. The api also passes pg: in
// the bundle, node-postgres ran the api's list requests markedly slower, under load, than from node_modules
// (docs/performance.md, "Where the time goes").
import { readFile, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
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

/**
 * Node's built-ins through `require()`, as the CommonJS packages in the bundle already load them. An ES module import
 * of a built-in makes Node build a module namespace from every export, reading each one, and node:http's `WebSocket`,
 * `CloseEvent` and `MessageEvent` are getters that load Node's own copy of undici: memory and boot time spent on
 * code nothing here uses (docs/performance.md, "Boot").
 */
const builtinsThroughRequire = {
  name: 'builtins-through-require',
  setup(esbuild) {
    const builtins = new Set(builtinModules);
    const namespace = 'builtin-through-require';
    esbuild.onResolve({ filter: /^[a-z_]/ }, (args) => {
      if (args.kind !== 'import-statement' && args.kind !== 'dynamic-import') return undefined;
      const name = args.path.replace(/^node:/, '');
      return builtins.has(name) ? { path: `node:${name}`, namespace } : undefined;
    });
    esbuild.onLoad({ filter: /.*/, namespace }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/**
 * Packages in which `require()` through `createRequire(import.meta.url)` is followed into the bundle. The bundler
 * cannot follow such a by-name load, so Node would load a second copy of the required package from node_modules next
 * to the bundled one: @nestjs/typeorm's compatibility shim requires `typeorm`, whose hundreds of files Node would then read one by one at boot.
 * In these packages' files the local `require` is dropped, and their `require('…')` calls are bundled like imports.
 */
const FOLLOW_CREATE_REQUIRE_IN = ['@nestjs/typeorm'];
const CREATE_REQUIRE = 'const require = createRequire(import.meta.url);';

const followCreateRequire = {
  name: 'follow-create-require',
  setup(esbuild) {
    const packages = FOLLOW_CREATE_REQUIRE_IN.map((name) => `/node_modules/${name}/`);
    esbuild.onLoad({ filter: /\.js$/ }, async (args) => {
      const path = args.path.replaceAll('\\', '/');
      if (!packages.some((fragment) => path.includes(fragment))) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('createRequire')) return undefined;
      if (source.split(CREATE_REQUIRE).length !== 2) {
        throw new Error(
          `bundle-service: ${args.path} uses createRequire in a way followCreateRequire does not know`,
        );
      }
      return { contents: source.replace(CREATE_REQUIRE, ''), loader: 'js' };
    });
  },
};

const OUTFILE = 'dist/main.bundle.js';

await build({
  entryPoints: ['dist/main.js'],
  outfile: OUTFILE,
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
  plugins: [builtinsThroughRequire, followCreateRequire, optionalPackages],
  logLevel: 'warning',
});

const bundle = await readFile(OUTFILE, 'utf8');
await writeFile(OUTFILE, asciiOnly(withCheapNameHelper(bundle)));

/**
 * keepNames makes esbuild call __name(fn, 'name') wherever a named function is created, closures included: on every
 * request, ≈ 5 % of the api's CPU went to redefining `name` on Fastify's per-request callbacks, whose name is already
 * right. Only a function the bundler renamed (`let Foo = class Foo2`) needs it set.
 */
function withCheapNameHelper(code) {
  const helper = 'var __name = (target, value) => __defProp(target, "name", { value, configurable: true });';
  const cheap =
    'var __name = (target, value) => target.name === value ? target : __defProp(target, "name", { value, configurable: true });';
  if (code.split(helper).length !== 2) {
    throw new Error(
      `bundle-service: esbuild's __name helper changed; update withCheapNameHelper in ${import.meta.filename}`,
    );
  }
  return code.replace(helper, cheap);
}

/**
 * V8 keeps a script's source in memory for as long as it runs, and one character above U+00FF makes it store all
 * of it in two bytes per character: 17 MB instead of 8.7 for the api. esbuild already escapes strings; what is left
 * is in regular expression literals (validator's alphabets) and comments, where a \uXXXX escape means the same.
 */
function asciiOnly(code) {
  if (/\\[\u0080-\uffff]/.test(code)) {
    throw new Error(
      'bundle-service: a backslash precedes a non-ASCII character; escaping it would change its meaning',
    );
  }
  return code.replace(/[\u0080-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
