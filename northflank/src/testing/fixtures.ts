import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COPILOT_DIR } from '../copilot/manifests.js';
import { readTemplate, type TemplateFile, type TemplateNode } from '../template/template.js';
import { allNodes } from '../template/walk.js';

/** A fresh, mutable copy of the repository's template.json. */
export const freshTemplate = (): TemplateFile => structuredClone(readTemplate());

/** The node with this ref; in a nested release flow when `inReleaseFlow` is set. */
export function nodeByRef(template: TemplateFile, ref: string, inReleaseFlow = false): TemplateNode {
  const found = allNodes(template.spec).find(
    ({ node, path }) => node.ref === ref && path.includes('.releaseFlow.') === inReleaseFlow,
  );
  if (!found) throw new Error(`test fixture: no node with ref ${ref}`);
  return found.node;
}

// biome-ignore lint/suspicious/noExplicitAny: tests reach into specs whose shape the test itself asserts.
export const specOf = (node: TemplateNode): any => node.spec;

/** The steps array of the workflow that directly contains the node with this ref. */
export function stepsContaining(template: TemplateFile, ref: string, inReleaseFlow = false): TemplateNode[] {
  const parent = allNodes(template.spec).find(
    ({ node, path }) =>
      node.kind === 'Workflow' &&
      path.includes('.releaseFlow.') === inReleaseFlow &&
      specOf(node).steps.some((step: TemplateNode) => step.ref === ref),
  );
  if (!parent) throw new Error(`test fixture: no workflow contains ${ref}`);
  return specOf(parent.node).steps;
}

/** A temporary copy of the repository's copilot/ folder, with one file's text replaced. */
export function copilotCopy(file?: string, from?: string | RegExp, to?: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'copilot-')), 'copilot');
  cpSync(COPILOT_DIR, dir, { recursive: true });
  if (file && from !== undefined && to !== undefined) {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    const changed = text.replace(from, to);
    if (changed === text) throw new Error(`test fixture: ${String(from)} not found in copilot/${file}`);
    writeFileSync(path, changed);
  }
  return dir;
}

/** Writes a template to a temporary file and returns its path. */
export function templateFile(template: TemplateFile): string {
  const path = join(mkdtempSync(join(tmpdir(), 'template-')), 'template.json');
  writeFileSync(path, JSON.stringify(template, null, 2));
  return path;
}
