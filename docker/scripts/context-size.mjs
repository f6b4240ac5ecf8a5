// Prints what `docker build .` sends as its context from the repository root, given .dockerignore:
// "<files> files, <bytes> bytes". Used by test-images.sh to report the context size.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const root = process.argv[2] ?? '.';
const ignore = createRequire(import.meta.url)('@balena/dockerignore');
const rules = ignore().add(readFileSync(join(root, '.dockerignore'), 'utf8'));
let files = 0;
let bytes = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const rel = relative(root, path);
    // Docker walks into an ignored folder only when a later "!" rule may bring something back.
    if (entry.isDirectory()) {
      if (!rules.ignores(rel) || !['.git', 'node_modules'].includes(entry.name)) walk(path);
    } else if (entry.isFile() && !rules.ignores(rel)) {
      files += 1;
      bytes += statSync(path).size;
    }
  }
};
walk(root);
console.log(`${files} files, ${bytes} bytes`);
