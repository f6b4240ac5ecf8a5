import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import MarkdownIt, { type Token } from 'markdown-it';

/** A set of files as a repository holds them: paths relative to its root, with `/` separators. */
export interface DocumentSet {
  files: readonly string[];
  read(file: string): string;
}

export interface BrokenLink {
  file: string;
  line: number;
  target: string;
  reason: string;
}

const markdown = new MarkdownIt({ html: true });
const EXTERNAL = /^([a-z][a-z\d+.-]*:|\/\/)/i;

/** The anchors GitHub gives a document's headings (its slug rules, `-1`, `-2`… for repeats). */
export function headingAnchors(source: string): Set<string> {
  const slugger = new GithubSlugger();
  const tokens = markdown.parse(source, {});
  const anchors = new Set<string>();
  tokens.forEach((token, index) => {
    const inline = tokens[index + 1];
    if (token.type === 'heading_open' && inline) anchors.add(slugger.slug(textOf(inline.children ?? [])));
  });
  return anchors;
}

/**
 * Every relative link and image in the set's Markdown files that points to no file or folder of the set, or to a
 * `#anchor` that is not a heading of the Markdown file it names. Links with a scheme (https:, mailto:) are not
 * followed; a path starting with `/` is read from the repository root, as GitHub does.
 */
export function brokenLinks(documents: DocumentSet): BrokenLink[] {
  const files = new Set(documents.files);
  const folders = new Set(documents.files.flatMap(parentFolders));
  const anchorsByFile = new Map<string, Set<string>>();
  const anchorsOf = (file: string) => {
    let anchors = anchorsByFile.get(file);
    if (!anchors) {
      anchors = headingAnchors(documents.read(file));
      anchorsByFile.set(file, anchors);
    }
    return anchors;
  };

  const broken: BrokenLink[] = [];
  for (const file of documents.files.filter(isMarkdown)) {
    const source = documents.read(file);
    for (const { target, line } of linksIn(source)) {
      if (EXTERNAL.test(target)) continue;
      const report = (reason: string) => broken.push({ file, line, target, reason });
      const [pathPart = '', ...fragment] = target.split('#');
      const anchor = fragment.join('#');
      const linked = pathPart === '' ? file : resolveLink(file, pathPart);
      if (linked === undefined) {
        report('points outside the repository');
        continue;
      }
      const isFolder = !files.has(linked) && folders.has(linked);
      if (!files.has(linked) && !isFolder) {
        report(`no file or folder ${linked}`);
        continue;
      }
      if (!anchor) continue;
      const document = isFolder ? `${linked}/README.md` : linked;
      if (!isMarkdown(document) || !files.has(document)) continue;
      if (!anchorsOf(document).has(decodeURIComponent(anchor)))
        report(`no heading #${anchor} in ${document}`);
    }
  }
  return broken;
}

/** The repository's files as git knows them (tracked, plus new files not ignored), read from its working tree. */
export function gitDocumentSet(repoRoot: string): DocumentSet {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  const files = [...new Set(listed.split('\0'))].filter(
    (file) => file !== '' && existsSync(path.join(repoRoot, file)),
  );
  return { files, read: (file) => readFileSync(path.join(repoRoot, file), 'utf8') };
}

const isMarkdown = (file: string) => file.toLowerCase().endsWith('.md');

function parentFolders(file: string): string[] {
  const parts = file.split('/').slice(0, -1);
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}

/** The repository path a link from `from` names, or undefined when it climbs out of the repository. */
function resolveLink(from: string, link: string): string | undefined {
  const withoutQuery = decodeURI(link.split('?')[0] as string);
  const joined = withoutQuery.startsWith('/')
    ? path.posix.normalize(withoutQuery.slice(1))
    : path.posix.join(path.posix.dirname(from), withoutQuery);
  const normalized = joined.replace(/\/+$/, '');
  if (normalized === '..' || normalized.startsWith('../')) return undefined;
  return normalized === '' ? '.' : normalized;
}

/** Link and image targets with the line they are on. */
function linksIn(source: string): Array<{ target: string; line: number }> {
  const lines = source.split('\n');
  const links: Array<{ target: string; line: number }> = [];
  for (const block of markdown.parse(source, {})) {
    if (block.type !== 'inline' || !block.children) continue;
    const [first = 0, last = first + 1] = block.map ?? [];
    for (const token of walk(block.children)) {
      const attribute = { link_open: 'href', image: 'src' }[token.type];
      const target = attribute === undefined ? null : token.attrGet(attribute);
      if (typeof target !== 'string' || token.markup === 'autolink') continue;
      const offset = lines.slice(first, last).findIndex((text) => text.includes(target));
      links.push({ target, line: first + Math.max(offset, 0) + 1 });
    }
  }
  return links;
}

function* walk(tokens: Token[]): Generator<Token> {
  for (const token of tokens) {
    yield token;
    if (token.children) yield* walk(token.children);
  }
}

/** A heading's text as GitHub slugs it: the words and inline code, without the markup. */
function textOf(tokens: Token[]): string {
  return tokens
    .map((token) => {
      if (token.type === 'text' || token.type === 'code_inline') return token.content;
      if (token.type === 'image') return textOf(token.children ?? []);
      return '';
    })
    .join('');
}
