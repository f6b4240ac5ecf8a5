import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Kernel clock ticks per second, the unit of utime/stime in /proc/<pid>/stat (100 on nearly every Linux). */
export const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** user + system CPU time of a process (all its threads: JS, GC, libuv pool) from /proc/<pid>/stat, in µs. */
export function parseCpuMicros(stat: string, ticksPerSecond = CLOCK_TICKS_PER_SECOND): number {
  // Field 2 (comm) is parenthesized and may hold spaces: count fields from after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unreadable /proc stat: ${stat}`);
  return ((utime + stime) * 1_000_000) / ticksPerSecond;
}

/** Resident set size in bytes from /proc/<pid>/status (`VmRSS:  123456 kB`). */
export function parseRssBytes(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error('no VmRSS in /proc status');
  return Number(match[1]) * 1024;
}

export async function cpuMicros(pid: number): Promise<number> {
  return parseCpuMicros(await readFile(`/proc/${pid}/stat`, 'utf8'));
}

export async function rssBytes(pid: number): Promise<number> {
  return parseRssBytes(await readFile(`/proc/${pid}/status`, 'utf8'));
}

/** Every process below `root` now (children, their children, …), from the PPid of each /proc/<pid>/status. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const parent = parentPid(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** The parent of a process, or undefined when it has exited. */
export function parentPid(pid: number): number | undefined {
  try {
    const match = /^PPid:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
