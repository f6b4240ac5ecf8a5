import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { groupAlive, stopGroup } from './managed-process.js';
import { listProcesses } from './process-table.js';

interface LedgerEntry {
  name: string;
  pgid: number;
}

/**
 * Remembers the process groups a `yarn dev` run started, in a file, so that the next run can stop what a killed
 * run (SIGKILL, closed terminal, crash) left behind — otherwise they would keep holding the ports.
 */
export class ProcessLedger {
  private entries: LedgerEntry[] = [];
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  /** Stops the groups a previous run recorded and left running; returns their names. */
  async stopLeftovers(): Promise<string[]> {
    const recorded = await this.read();
    const table = await listProcesses();
    const stopped: string[] = [];
    for (const entry of recorded) {
      // Guards against a recycled group id: the group must still hold a process of the kinds we start.
      const ours = table.some(
        (info) => info.pgid === entry.pgid && /\b(node|nest|yarn|postgres)\b/.test(info.args),
      );
      if (!ours || !groupAlive(entry.pgid)) continue;
      await stopGroup(entry.pgid, 5_000);
      stopped.push(entry.name);
    }
    this.entries = [];
    await this.write();
    return stopped;
  }

  async add(name: string, pgid: number): Promise<void> {
    this.entries.push({ name, pgid });
    await this.write();
  }

  async remove(pgid: number): Promise<void> {
    this.entries = this.entries.filter((entry) => entry.pgid !== pgid);
    await this.write();
  }

  private async read(): Promise<LedgerEntry[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
    } catch {
      return [];
    }
  }

  /** Writes are queued so that concurrent adds never leave the file half-written or out of order. */
  private write(): Promise<void> {
    const snapshot = [...this.entries];
    this.writes = this.writes.then(async () => {
      if (snapshot.length === 0) return rm(this.file, { force: true });
      await mkdir(dirname(this.file), { recursive: true });
      await writeFile(this.file, `${JSON.stringify(snapshot, null, 2)}\n`);
    });
    return this.writes;
  }
}

function isEntry(value: unknown): value is LedgerEntry {
  const entry = value as LedgerEntry;
  return typeof entry?.name === 'string' && Number.isInteger(entry?.pgid) && entry.pgid > 1;
}
