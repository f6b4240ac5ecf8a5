/** The parts of a V8 .cpuprofile (written by `node --cpu-prof`) this summary reads. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }>;
  samples?: number[];
  timeDeltas?: number[];
}

export interface Share {
  name: string;
  /** Share of all samples outside idle, 0–1. */
  share: number;
}

const IDLE = '(idle)';

/** Who a frame belongs to: its npm package (scoped or not), `node:` internals, the app, or a V8 pseudo-frame. */
export function ownerOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1] as string;
  if (url.startsWith('node:')) return 'node:internal';
  const workspace = /\/(api|web|platform|migrator|bench)\/(?:dist|src)\//.exec(url);
  return workspace ? `(${workspace[1]})` : url;
}

/** Self time by function and by owner, as shares of the busy (non-idle) samples, largest first. */
export function summarizeProfile(profile: CpuProfile, top = 25): { functions: Share[]; owners: Share[] } {
  const hits = new Map<number, number>();
  for (const id of profile.samples ?? []) hits.set(id, (hits.get(id) ?? 0) + 1);
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const count = hits.get(node.id) ?? node.hitCount ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (count === 0 || functionName === IDLE) continue;
    busy += count;
    const owner = ownerOf(url, functionName);
    const name = `${functionName || '(anonymous)'} ${owner}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + count);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + count);
  }
  const rank = (map: Map<string, number>) =>
    [...map.entries()]
      .map(([name, count]) => ({ name, share: busy === 0 ? 0 : count / busy }))
      .sort((a, b) => b.share - a.share)
      .slice(0, top);
  return { functions: rank(byFunction), owners: rank(byOwner) };
}
