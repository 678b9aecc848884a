import { QueryError, type QueryParameterName } from "./query-error";

export interface PageRequest {
  page?: string | null;
  pageSize?: string | null;
  pageId?: string | null;
  forwardOnly: boolean;
  orderBy?: string | null;
}

// link = value of the Link header (absolute URLs built from requestUrl), or null for no header.
export interface PageResult<T> {
  items: T[];
  link: string | null;
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAXIMUM_PAGE_SIZE = 1000;

const PAGING_PARAMETERS = new Set(["page", "pagesize", "pageid"]);

function parseIntegerParameter(value: string | null | undefined, parameter: QueryParameterName): number | undefined {
  if (value === undefined || value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  const parsed = Number(trimmed);
  if (!/^[+-]?\d+$/.test(trimmed) || !Number.isSafeInteger(parsed)) {
    throw new QueryError(`"${value}" is not a whole number`, { parameter, code: "InvalidValue" });
  }
  return parsed;
}

// UNCONFIRMED (REFERENCE.md §3): above 1000 is clamped to 1000; 0 or negative means the default 25.
function readPageSize(request: PageRequest): number {
  const requested = parseIntegerParameter(request.pageSize, "pageSize");
  if (requested === undefined || requested < 1) return DEFAULT_PAGE_SIZE;
  return Math.min(requested, MAXIMUM_PAGE_SIZE);
}

function decodeQueryComponent(component: string): string {
  try {
    return decodeURIComponent(component.replaceAll("+", " "));
  } catch {
    return component;
  }
}

// Builds a link to the same request with the paging parameters replaced. Every other query
// parameter is kept exactly as the client encoded it; names are matched case-insensitively
// because ConnectWise (ASP.NET) reads query names that way.
function buildPageUrl(requestUrl: URL, paging: Array<[string, number]>): string {
  const kept = requestUrl.search
    .replace(/^\?/, "")
    .split("&")
    .filter((part) => {
      if (part === "") return false;
      const name = decodeQueryComponent(part.split("=", 1)[0]).trim().toLowerCase();
      return !PAGING_PARAMETERS.has(name);
    });
  const added = paging.map(([name, value]) => `${name}=${value}`);
  return `${requestUrl.origin}${requestUrl.pathname}?${[...kept, ...added].join("&")}`;
}

function formatLink(url: string, relation: string): string {
  return `<${url}>; rel="${relation}"`;
}

function paginateNavigable<T>(all: T[], request: PageRequest, requestUrl: URL): PageResult<T> {
  const pageSize = readPageSize(request);
  // UNCONFIRMED: page 0 or negative is treated as page 1.
  const page = Math.max(1, parseIntegerParameter(request.page, "page") ?? 1);
  const lastPage = Math.max(1, Math.ceil(all.length / pageSize));
  const start = (page - 1) * pageSize;
  const items = start >= all.length ? [] : all.slice(start, start + pageSize);
  const linkTo = (target: number) =>
    buildPageUrl(requestUrl, [
      ["pageSize", pageSize],
      ["page", target],
    ]);
  const links = [formatLink(linkTo(1), "first")];
  if (page > 1) links.push(formatLink(linkTo(page - 1), "prev"));
  if (page < lastPage) links.push(formatLink(linkTo(page + 1), "next"));
  links.push(formatLink(linkTo(lastPage), "last"));
  return { items, link: links.join(", ") };
}

function paginateForwardOnly<T extends { id: number }>(all: T[], request: PageRequest, requestUrl: URL): PageResult<T> {
  if (request.orderBy !== undefined && request.orderBy !== null && request.orderBy.trim() !== "") {
    throw new QueryError("orderBy cannot be used with forward-only pagination (results are ordered by id)", {
      parameter: "orderBy",
      code: "NotAllowed",
    });
  }
  const pageSize = readPageSize(request);
  const afterId = parseIntegerParameter(request.pageId, "pageId");
  let byId = all;
  for (let index = 1; index < all.length; index += 1) {
    if (all[index - 1].id > all[index].id) {
      byId = [...all].sort((left, right) => left.id - right.id);
      break;
    }
  }
  // First row with id > pageId (binary search: the list is ordered by id).
  let low = 0;
  let high = byId.length;
  if (afterId !== undefined) {
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (byId[middle].id > afterId) high = middle;
      else low = middle + 1;
    }
  }
  const items = byId.slice(low, low + pageSize);
  const hasMore = low + pageSize < byId.length;
  if (!hasMore || items.length === 0) return { items, link: null };
  const lastId = items[items.length - 1].id;
  return {
    items,
    link: formatLink(
      buildPageUrl(requestUrl, [
        ["pageSize", pageSize],
        ["pageId", lastId],
      ]),
      "next",
    ),
  };
}

// Paging over the full filtered and sorted list, both ConnectWise modes:
// - navigable (default): `page` from 1, Link with first/prev/next/last (prev/next only when they exist);
// - forward-only (`pagination-type: forward-only`): rows with id > pageId in id order, `page`
//   ignored, orderBy rejected, Link `rel="next"` with pageId=<last id> only while more rows exist.
export function paginate<T extends { id: number }>(all: T[], request: PageRequest, requestUrl: URL): PageResult<T> {
  return request.forwardOnly
    ? paginateForwardOnly(all, request, requestUrl)
    : paginateNavigable(all, request, requestUrl);
}
