interface Page {
  items: Array<{ id: string }>;
  nextCursor: string | null;
}

export async function getPage(baseUrl: string, query: string): Promise<Page> {
  const response = await fetch(`${baseUrl}/api/messages?${query}`);
  if (response.status !== 200) {
    throw new Error(`GET /api/messages?${query} answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as Page;
}

/**
 * Follows `nextCursor` from the newest message (100 per page) until `maxRows` rows or the end, and returns the
 * cursors of the pages in the deeper half of that walk: the deep-pagination scenario requests pages from them.
 */
export async function collectDeepCursors(
  baseUrl: string,
  maxRows: number,
): Promise<{ cursors: string[]; rowsWalked: number }> {
  const cursors: string[] = [];
  let cursor: string | null = null;
  let rowsWalked = 0;
  do {
    const page: Page = await getPage(baseUrl, cursor === null ? 'limit=100' : `limit=100&cursor=${cursor}`);
    rowsWalked += page.items.length;
    cursor = page.nextCursor;
    if (cursor !== null) cursors.push(cursor);
  } while (cursor !== null && rowsWalked < maxRows);
  return { cursors: cursors.slice(Math.floor(cursors.length / 2)), rowsWalked };
}
