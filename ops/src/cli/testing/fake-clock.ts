import type { Clock } from '../shared/clock.js';

/** A clock whose sleep advances time instantly, so polling loops run in microseconds in tests. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(private current = new Date('2026-11-01T12:00:00.000Z')) {}

  now(): Date {
    return new Date(this.current);
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.current = new Date(this.current.getTime() + ms);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
