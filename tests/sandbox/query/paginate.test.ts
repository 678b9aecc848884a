import { describe, expect, it } from "vitest";
import { paginate, QueryError, type PageRequest } from "@/sandbox/query";

const BASE = "https://sandbox.test/v4_6_release/apis/3.0/company/companies";

function rows(count: number, firstId = 1): Array<{ id: number }> {
  return Array.from({ length: count }, (_, index) => ({ id: firstId + index }));
}

function ids(items: Array<{ id: number }>): number[] {
  return items.map((item) => item.id);
}

// Parses a Link header into {rel: url}.
function parseLink(link: string | null): Record<string, string> {
  const relations: Record<string, string> = {};
  if (link === null) return relations;
  for (const part of link.split(", ")) {
    const match = /^<([^>]+)>; rel="([a-z]+)"$/.exec(part);
    if (match === null) throw new Error(`malformed Link part: ${part}`);
    relations[match[2]] = match[1];
  }
  return relations;
}

function navigable(request: Partial<PageRequest>): PageRequest {
  return { forwardOnly: false, ...request };
}

describe("navigable paging", () => {
  it("returns the first 25 rows by default with first/next/last links", () => {
    const result = paginate(rows(60), navigable({}), new URL(BASE));
    expect(ids(result.items)).toEqual(ids(rows(25)));
    expect(parseLink(result.link)).toEqual({
      first: `${BASE}?pageSize=25&page=1`,
      next: `${BASE}?pageSize=25&page=2`,
      last: `${BASE}?pageSize=25&page=3`,
    });
  });

  it("includes prev on later pages and omits next on the last page", () => {
    const url = new URL(`${BASE}?pageSize=50&page=2`);
    const middle = paginate(rows(120), navigable({ page: "2", pageSize: "50" }), url);
    expect(ids(middle.items)).toEqual(ids(rows(50, 51)));
    expect(Object.keys(parseLink(middle.link))).toEqual(["first", "prev", "next", "last"]);
    expect(parseLink(middle.link).prev).toBe(`${BASE}?pageSize=50&page=1`);

    const last = paginate(rows(120), navigable({ page: "3", pageSize: "50" }), url);
    expect(ids(last.items)).toEqual(ids(rows(20, 101)));
    expect(parseLink(last.link)).toEqual({
      first: `${BASE}?pageSize=50&page=1`,
      prev: `${BASE}?pageSize=50&page=2`,
      last: `${BASE}?pageSize=50&page=3`,
    });
  });

  it("keeps every other query parameter exactly as the client encoded it", () => {
    const url = new URL(
      `${BASE}?conditions=name%20like%20%22A%25%22&PAGE=2&fields=id,name&orderBy=name+desc&pagesize=10`,
    );
    const result = paginate(rows(30), navigable({ page: "2", pageSize: "10" }), url);
    expect(parseLink(result.link).next).toBe(
      `${BASE}?conditions=name%20like%20%22A%25%22&fields=id,name&orderBy=name+desc&pageSize=10&page=3`,
    );
  });

  it("handles an exact multiple of pageSize without an empty trailing page", () => {
    const result = paginate(rows(50), navigable({ page: "2", pageSize: "25" }), new URL(BASE));
    expect(ids(result.items)).toEqual(ids(rows(25, 26)));
    const links = parseLink(result.link);
    expect(links.next).toBeUndefined();
    expect(links.last).toBe(`${BASE}?pageSize=25&page=2`);
  });

  it("returns no rows and a one-page Link for an empty result", () => {
    const result = paginate([], navigable({}), new URL(BASE));
    expect(result.items).toEqual([]);
    expect(parseLink(result.link)).toEqual({
      first: `${BASE}?pageSize=25&page=1`,
      last: `${BASE}?pageSize=25&page=1`,
    });
  });

  it("returns no rows for a page beyond the end", () => {
    const result = paginate(rows(10), navigable({ page: "5", pageSize: "5" }), new URL(BASE));
    expect(result.items).toEqual([]);
    const links = parseLink(result.link);
    expect(links.next).toBeUndefined();
    expect(links.prev).toBe(`${BASE}?pageSize=5&page=4`);
    expect(links.last).toBe(`${BASE}?pageSize=5&page=2`);
  });

  it("clamps pageSize above 1000 to 1000", () => {
    const result = paginate(rows(2500), navigable({ pageSize: "5000" }), new URL(`${BASE}?pageSize=5000`));
    expect(result.items).toHaveLength(1000);
    expect(parseLink(result.link).next).toBe(`${BASE}?pageSize=1000&page=2`);
    expect(parseLink(result.link).last).toBe(`${BASE}?pageSize=1000&page=3`);
  });

  it("treats page 0 or below as page 1 and pageSize 0 or below as the default", () => {
    expect(ids(paginate(rows(30), navigable({ page: "0" }), new URL(BASE)).items)).toEqual(ids(rows(25)));
    expect(ids(paginate(rows(30), navigable({ page: "-3" }), new URL(BASE)).items)).toEqual(ids(rows(25)));
    expect(paginate(rows(30), navigable({ pageSize: "0" }), new URL(BASE)).items).toHaveLength(25);
    expect(paginate(rows(30), navigable({ pageSize: "" }), new URL(BASE)).items).toHaveLength(25);
  });

  it("keeps the order it was given", () => {
    const reversed = rows(5).reverse();
    expect(ids(paginate(reversed, navigable({ pageSize: "2" }), new URL(BASE)).items)).toEqual([5, 4]);
  });

  it.each([
    ["page", { page: "two" }],
    ["pageSize", { pageSize: "1.5" }],
    ["pageSize", { pageSize: "10abc" }],
  ] as const)("rejects a %s that is not a whole number", (parameter, request) => {
    expect(() => paginate(rows(3), navigable(request), new URL(BASE))).toThrow(QueryError);
    try {
      paginate(rows(3), navigable(request), new URL(BASE));
    } catch (error) {
      expect((error as QueryError).parameter).toBe(parameter);
      expect((error as QueryError).toConnectWiseBody().code).toBe("InvalidObject");
    }
  });
});

describe("forward-only paging", () => {
  const forwardOnly = (request: Partial<PageRequest>): PageRequest => ({ ...request, forwardOnly: true });

  it("walks the rows in id order following the next link until it disappears", () => {
    const all = rows(7);
    let url = new URL(`${BASE}?conditions=id%3E0&pageSize=3`);
    const seen: number[] = [];
    const links: Array<string | null> = [];
    for (let guard = 0; guard < 10; guard += 1) {
      const result = paginate(
        all,
        forwardOnly({ pageSize: url.searchParams.get("pageSize"), pageId: url.searchParams.get("pageId") }),
        url,
      );
      seen.push(...ids(result.items));
      links.push(result.link);
      if (result.link === null) break;
      // The way ConnectWiseManageAPI reads it: the first URL in the header.
      url = new URL(result.link.split(";")[0].replace(/^</, "").replace(/>$/, ""));
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(links).toEqual([
      `<${BASE}?conditions=id%3E0&pageSize=3&pageId=3>; rel="next"`,
      `<${BASE}?conditions=id%3E0&pageSize=3&pageId=6>; rel="next"`,
      null,
    ]);
  });

  it("orders by id whatever order it was given, and ignores page", () => {
    const shuffled = [{ id: 9 }, { id: 2 }, { id: 5 }, { id: 1 }];
    const result = paginate(shuffled, forwardOnly({ page: "3", pageSize: "2" }), new URL(`${BASE}?page=3`));
    expect(ids(result.items)).toEqual([1, 2]);
    expect(result.link).toBe(`<${BASE}?pageSize=2&pageId=2>; rel="next"`);
  });

  it("returns rows with id greater than pageId, even when pageId is not a row id", () => {
    const sparse = [{ id: 10 }, { id: 20 }, { id: 30 }, { id: 40 }];
    expect(ids(paginate(sparse, forwardOnly({ pageId: "20" }), new URL(BASE)).items)).toEqual([30, 40]);
    expect(ids(paginate(sparse, forwardOnly({ pageId: "25" }), new URL(BASE)).items)).toEqual([30, 40]);
    expect(ids(paginate(sparse, forwardOnly({ pageId: "0" }), new URL(BASE)).items)).toEqual([10, 20, 30, 40]);
  });

  it("has no link when the rows fit exactly in the page, or when nothing is left", () => {
    expect(paginate(rows(4), forwardOnly({ pageSize: "4" }), new URL(BASE)).link).toBeNull();
    const past = paginate(rows(4), forwardOnly({ pageId: "4" }), new URL(BASE));
    expect(past).toEqual({ items: [], link: null });
    expect(paginate([], forwardOnly({}), new URL(BASE))).toEqual({ items: [], link: null });
  });

  it("clamps pageSize above 1000", () => {
    const result = paginate(rows(1500), forwardOnly({ pageSize: "1001" }), new URL(BASE));
    expect(result.items).toHaveLength(1000);
    expect(result.link).toBe(`<${BASE}?pageSize=1000&pageId=1000>; rel="next"`);
  });

  it("rejects orderBy", () => {
    let caught: unknown;
    try {
      paginate(rows(3), forwardOnly({ orderBy: "name asc" }), new URL(BASE));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QueryError);
    expect((caught as QueryError).parameter).toBe("orderBy");
    expect((caught as QueryError).toConnectWiseBody().message).toContain("forward-only");
    expect(() => paginate(rows(3), forwardOnly({ orderBy: "  " }), new URL(BASE))).not.toThrow();
  });

  it("rejects a pageId that is not a whole number", () => {
    expect(() => paginate(rows(3), forwardOnly({ pageId: "abc" }), new URL(BASE))).toThrow(/pageId is invalid/);
  });
});
