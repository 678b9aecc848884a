import { describe, expect, it } from "vitest";
import {
  iterateForwardOnlyPages,
  iterateNavigablePages,
  PagedList,
  parseLinkHeader,
  readPageId,
  readPageNumber,
  type FetchedPage,
  type PagePosition,
} from "@/lib/connectwise/paging";

describe("parseLinkHeader", () => {
  it("reads ConnectWise's navigable Link header", () => {
    const links = parseLinkHeader(
      '<https://api-na.myconnectwise.net/v2025_1/apis/3.0/company/companies?pageSize=50&page=2>; rel="next", ' +
        '<https://api-na.myconnectwise.net/v2025_1/apis/3.0/company/companies?pageSize=50&page=4>; rel="last"',
    );
    expect(readPageNumber(links.get("next")!)).toBe(2);
    expect(readPageNumber(links.get("last")!)).toBe(4);
    expect(links.has("prev")).toBe(false);
  });

  it("tolerates commas inside URLs, unquoted rels, extra parameters and several rels in one entry", () => {
    const links = parseLinkHeader(
      '<http://x/a?conditions=id%20in%20(1,2)&page=3>; rel=next; title="a, b", <http://x/a?page=1>; rel="first prev"',
    );
    expect(links.get("next")).toBe("http://x/a?conditions=id%20in%20(1,2)&page=3");
    expect(links.get("first")).toBe("http://x/a?page=1");
    expect(links.get("prev")).toBe("http://x/a?page=1");
  });

  it("reads pageId case-insensitively and ignores what is not a number", () => {
    expect(readPageId("https://h/p?pageSize=2&PageId=20417")).toBe(20417);
    expect(readPageId("https://h/p?pageId=abc")).toBeNull();
    expect(parseLinkHeader(null).size).toBe(0);
    expect(parseLinkHeader("garbage").size).toBe(0);
  });
});

function rowsFrom(start: number, count: number): Array<{ id: number }> {
  return Array.from({ length: count }, (_, index) => ({ id: start + index }));
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const result: T[][] = [];
  for await (const page of pages) result.push(page);
  return result;
}

describe("iterateNavigablePages", () => {
  it("follows next until the last page", async () => {
    const positions: PagePosition[] = [];
    const load = async (position: PagePosition): Promise<FetchedPage<{ id: number }>> => {
      positions.push(position);
      const page = position.mode === "navigable" ? position.page : 0;
      const next = page < 3 ? `, <http://x/?page=${page + 1}&pageSize=2>; rel="next"` : "";
      return {
        rows: page < 3 ? rowsFrom(page * 10, 2) : rowsFrom(30, 1),
        linkHeader: `<http://x/?page=1&pageSize=2>; rel="first"${next}`,
      };
    };
    const pages = await collect(iterateNavigablePages(load, 2));
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(positions).toEqual([1, 2, 3].map((page) => ({ mode: "navigable", page })));
  });

  it("without a Link header, stops at the first short page", async () => {
    const load = async (position: PagePosition) => ({
      rows: position.mode === "navigable" && position.page < 3 ? rowsFrom(0, 5) : rowsFrom(0, 2),
      linkHeader: null,
    });
    expect((await collect(iterateNavigablePages(load, 5))).map((page) => page.length)).toEqual([5, 5, 2]);
  });

  it("stops when a Link points backwards instead of looping", async () => {
    const load = async () => ({ rows: rowsFrom(0, 2), linkHeader: '<http://x/?page=1>; rel="next"' });
    expect(await collect(iterateNavigablePages(load, 2))).toHaveLength(1);
  });
});

describe("iterateForwardOnlyPages", () => {
  it("passes the last pageId on until there is no Link", async () => {
    const positions: PagePosition[] = [];
    const load = async (position: PagePosition): Promise<FetchedPage<{ id: number }>> => {
      positions.push(position);
      const after = position.mode === "forward-only" ? (position.pageId ?? 0) : 0;
      const rows = rowsFrom(after + 1, 3).filter((row) => row.id <= 7);
      const more = rows.length > 0 && rows[rows.length - 1].id < 7;
      return {
        rows,
        linkHeader: more ? `<http://x/?pageSize=3&pageId=${rows[rows.length - 1].id}>; rel="next"` : null,
      };
    };
    const pages = await collect(iterateForwardOnlyPages(load));
    expect(pages.map((page) => page.map((row) => row.id))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(positions).toEqual([null, 3, 6].map((pageId) => ({ mode: "forward-only", pageId })));
  });

  it("can resume after an id, stops on an empty page and on a pageId that does not advance", async () => {
    const load = async (position: PagePosition) => ({
      rows: position.mode === "forward-only" && position.pageId === 10 ? rowsFrom(11, 2) : [],
      linkHeader: '<http://x/?pageId=10>; rel="next"',
    });
    expect((await collect(iterateForwardOnlyPages(load, 10))).map((page) => page.length)).toEqual([2]);
  });
});

describe("PagedList", () => {
  it("yields rows, pages, arrays and mapped rows", async () => {
    const list = new PagedList(async function* () {
      yield [1, 2];
      yield [3];
    });
    const rows: number[] = [];
    for await (const row of list) rows.push(row);
    expect(rows).toEqual([1, 2, 3]);
    expect(await collect(list.pages())).toEqual([[1, 2], [3]]);
    expect(await list.map((row) => row * 10).toArray()).toEqual([10, 20, 30]);
  });
});
