import type { Scenario } from './prices.js';

export interface BillLine {
  item: string;
  /** How the amount was computed, in words a reader can check. */
  detail: string;
  usd: number;
}

export interface Bill {
  provider: string;
  region: string;
  scenario: Scenario;
  lines: BillLine[];
  /** Charges the configuration implies but the price table cannot price (left out of the total). */
  unpriced: { item: string; detail: string }[];
  total: number;
}

export function makeBill(
  provider: string,
  region: string,
  scenario: Scenario,
  lines: BillLine[],
  unpriced: Bill['unpriced'] = [],
): Bill {
  return {
    provider,
    region,
    scenario,
    lines,
    unpriced,
    total: lines.reduce((sum, line) => sum + line.usd, 0),
  };
}

/** Formats a number without trailing zeros: 0.5, 2, 0.25. */
export const n = (value: number) => Number(value.toFixed(6)).toString();
