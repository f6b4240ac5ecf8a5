import type { Output } from '../shared/output.js';

export class CapturedOutput implements Output {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];

  out(line: string): void {
    this.stdout.push(line);
  }

  err(line: string): void {
    this.stderr.push(line);
  }

  get all(): string {
    return [...this.stdout, ...this.stderr].join('\n');
  }
}
