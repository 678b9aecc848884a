/**
 * ConnectWise's two ways of paging a list:
 * - navigable (default): `page` from 1, with an RFC 8288 Link header naming first/prev/next/last;
 * - forward-only (`pagination-type: forward-only`): rows in id order after `pageId`, with a Link to the next
 *   page while there is one. It stays fast on deep pages, so large directories use it.
 * We read only the page number or pageId out of a Link and build the next URL ourselves, so a Link can never
 * send the API keys to another host.
 */

export type LinkRelations = Map<string, string>;

/** `<url>; rel="next", <url>; rel="last"` → rel → url. Tolerates commas inside URLs and unquoted rels. */
export function parseLinkHeader(header: string | null | undefined): LinkRelations {
  const relations: LinkRelations = new Map();
  if (!header) return relations;
  const entry = /<([^>]*)>\s*((?:;\s*[^;,<]*)*)/g;
  for (const match of header.matchAll(entry)) {
    const url = match[1].trim();
    const parameters = match[2];
    const relation = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(parameters);
    if (!relation) continue;
    for (const name of (relation[1] ?? relation[2]).trim().toLowerCase().split(/\s+/)) {
      if (name && !relations.has(name)) relations.set(name, url);
    }
  }
  return relations;
}

function readIntegerParameter(url: string, name: string): number | null {
  let parsed: URL;
  try {
    parsed = new URL(url, "http://placeholder.invalid");
  } catch {
    return null;
  }
  for (const [key, value] of parsed.searchParams) {
    if (key.toLowerCase() === name.toLowerCase() && /^\d+$/.test(value.trim())) return Number(value.trim());
  }
  return null;
}

export function readPageNumber(url: string): number | null {
  return readIntegerParameter(url, "page");
}

export function readPageId(url: string): number | null {
  return readIntegerParameter(url, "pageId");
}

export interface FetchedPage<T> {
  rows: T[];
  linkHeader: string | null;
}

export type PagePosition = { mode: "navigable"; page: number } | { mode: "forward-only"; pageId: number | null };

/** Loads one page; the position says which. */
export type LoadPage<T> = (position: PagePosition) => Promise<FetchedPage<T>>;

/** Every page of a navigable list, following `next` (or, without a Link, until a short page). */
export async function* iterateNavigablePages<T>(
  loadPage: LoadPage<T>,
  pageSize: number,
  firstPage = 1,
): AsyncGenerator<T[]> {
  let page = firstPage;
  for (;;) {
    const { rows, linkHeader } = await loadPage({ mode: "navigable", page });
    if (rows.length > 0) yield rows;
    if (rows.length === 0) return;
    const links = parseLinkHeader(linkHeader);
    let nextPage: number | null;
    if (linkHeader) {
      const next = links.get("next");
      nextPage = next ? readPageNumber(next) : null;
    } else {
      nextPage = rows.length >= pageSize ? page + 1 : null;
    }
    // A Link that does not move forward would loop forever.
    if (nextPage === null || nextPage <= page) return;
    page = nextPage;
  }
}

/**
 * Every page of a forward-only list. Stops when a page is empty or has no Link; a pageId that does not
 * advance ends the listing instead of looping.
 */
export async function* iterateForwardOnlyPages<T>(
  loadPage: LoadPage<T>,
  startAfterId: number | null = null,
): AsyncGenerator<T[]> {
  let pageId = startAfterId;
  for (;;) {
    const { rows, linkHeader } = await loadPage({ mode: "forward-only", pageId });
    if (rows.length === 0) return;
    yield rows;
    const next = parseLinkHeader(linkHeader).get("next") ?? firstLinkUrl(linkHeader);
    const nextPageId = next ? readPageId(next) : null;
    if (nextPageId === null || (pageId !== null && nextPageId <= pageId)) return;
    pageId = nextPageId;
  }
}

/** Some servers send a forward-only Link without a rel; the first URL is then the next page. */
function firstLinkUrl(header: string | null): string | null {
  const match = header ? /<([^>]*)>/.exec(header) : null;
  return match ? match[1] : null;
}

/** An async iterable of rows that can also be consumed page by page or collected. */
export class PagedList<T> implements AsyncIterable<T> {
  constructor(private readonly createPageIterator: () => AsyncIterable<T[]>) {}

  pages(): AsyncIterable<T[]> {
    return this.createPageIterator();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for await (const page of this.createPageIterator()) {
      yield* page;
    }
  }

  async toArray(): Promise<T[]> {
    const rows: T[] = [];
    for await (const page of this.createPageIterator()) rows.push(...page);
    return rows;
  }

  map<U>(transform: (row: T) => U): PagedList<U> {
    const source = this.createPageIterator;
    return new PagedList<U>(async function* () {
      for await (const page of source()) yield page.map(transform);
    });
  }
}
