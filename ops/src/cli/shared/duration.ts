import { InvalidArgumentError } from 'commander';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** Parses `500ms`, `10s`, `15m`, `1h` or combinations like `1m30s` into milliseconds. */
export function parseDuration(text: string): number {
  const parts = [...text.trim().matchAll(/(\d+)(ms|s|m|h)/g)];
  const consumed = parts.map((part) => part[0]).join('');
  if (parts.length === 0 || consumed !== text.trim()) {
    throw new InvalidArgumentError(`"${text}" is not a duration (examples: 30s, 15m, 1h30m).`);
  }
  return parts.reduce(
    (total, [, amount, unit]) => total + Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS],
    0,
  );
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
}
