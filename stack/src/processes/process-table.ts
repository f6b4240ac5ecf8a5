import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  args: string;
}

/** Every process on the machine: from /proc on Linux (minimal images lack `ps`), from `ps` elsewhere. */
export async function listProcesses(): Promise<ProcessInfo[]> {
  return process.platform === 'linux' ? listFromProc() : listFromPs();
}

async function listFromProc(): Promise<ProcessInfo[]> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  const infos = await Promise.all(
    pids.map(async (pid) => {
      try {
        const [stat, cmdline] = await Promise.all([
          readFile(`/proc/${pid}/stat`, 'utf8'),
          readFile(`/proc/${pid}/cmdline`, 'utf8'),
        ]);
        // "pid (comm) state ppid pgrp …" — comm may itself contain spaces and parentheses.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const args = cmdline.split('\0').filter(Boolean).join(' ');
        return { pid: Number(pid), ppid: Number(fields[1]), pgid: Number(fields[2]), args };
      } catch {
        return undefined; // exited while we looked
      }
    }),
  );
  return infos.filter((info): info is ProcessInfo => info !== undefined);
}

async function listFromPs(): Promise<ProcessInfo[]> {
  const { stdout } = await promisify(execFile)('ps', ['-A', '-o', 'pid=,ppid=,pgid=,args=']);
  return stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, pid, ppid, pgid, args]) => ({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), args }));
}

/** The process and all its descendants (children, grandchildren…), as found right now. */
export function descendantsOf(rootPid: number, table: ProcessInfo[]): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const info of table) {
      if (info.ppid === parent) {
        found.push(info);
        queue.push(info.pid);
      }
    }
  }
  return found;
}
