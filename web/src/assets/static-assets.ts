import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** URL prefix under which web/public is served. */
export const STATIC_PREFIX = '/static/';

/** One year: the longest lifetime caches honour; versioned URLs make it safe. */
export const STATIC_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export interface AssetUrls {
  css: string;
  js: string;
}

/**
 * The versioned URLs the layout links to: `?v=` is a hash of the file's content, so a changed file gets a new URL
 * and the long immutable cache of the old one never serves stale CSS. Computed once, at boot.
 */
export function assetUrls(publicDir: string): AssetUrls {
  return { css: versionedUrl(publicDir, 'app.css'), js: versionedUrl(publicDir, 'app.js') };
}

function versionedUrl(publicDir: string, file: string): string {
  const hash = createHash('sha256')
    .update(readFileSync(join(publicDir, file)))
    .digest('base64url')
    .slice(0, 12);
  return `${STATIC_PREFIX}${file}?v=${hash}`;
}
