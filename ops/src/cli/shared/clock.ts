import { setTimeout as delay } from 'node:timers/promises';

/** Time as the commands see it: injected so tests advance time instantly instead of waiting. */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: async (ms) => {
    await delay(ms);
  },
};
