/** The product catalog and its setup tables (product types, categories, subcategories, units of measure). */
import { where } from "./conditions";
import { checkId, MAX_PAGE_SIZE, type ApiSession } from "./api-session";
import { buildQueryString } from "./http";
import type {
  CatalogItemChanges,
  ConnectWiseCatalogItem,
  ConnectWiseLookup,
  ConnectWiseSubcategory,
  NewCatalogItem,
} from "./types";
import {
  CATALOG_ITEM_FIELDS,
  readCatalogItem,
  readLookup,
  readSubcategory,
  writeCatalogItemPatch,
  writeNewCatalogItem,
  type WireCatalogItem,
  type WireLookup,
} from "./wire-format";

/** ConnectWise's recommended maximum URL length. */
const MAX_URL_LENGTH = 2000;

export function catalogApi({ call, list, getOne, getApiBaseUrl }: ApiSession) {
  async function findCatalogItemsByIdentifiers(identifiers: readonly string[]): Promise<ConnectWiseCatalogItem[]> {
    const unique = [...new Set(identifiers.filter((identifier) => identifier.trim() !== ""))];
    if (unique.length === 0) return [];
    const baseUrl = await getApiBaseUrl();
    const path = "/procurement/catalog";
    const urlLength = (chunk: string[]) =>
      (
        baseUrl +
        path +
        buildQueryString({
          conditions: where.inList("identifier", chunk).text,
          fields: CATALOG_ITEM_FIELDS,
          orderBy: "id asc",
          pageSize: MAX_PAGE_SIZE,
          page: 1,
        })
      ).length;
    const chunks: string[][] = [];
    let current: string[] = [];
    for (const identifier of unique) {
      if (current.length > 0 && urlLength([...current, identifier]) > MAX_URL_LENGTH) {
        chunks.push(current);
        current = [];
      }
      current.push(identifier);
    }
    chunks.push(current);
    const items: ConnectWiseCatalogItem[] = [];
    for (const chunk of chunks) {
      const found = await list<WireCatalogItem, ConnectWiseCatalogItem>({
        path,
        operation: "look up the vendor's products in the ConnectWise catalog",
        conditions: where.inList("identifier", chunk),
        fields: CATALOG_ITEM_FIELDS,
        orderBy: "id asc",
        read: readCatalogItem,
      }).toArray();
      items.push(...found);
    }
    return items;
  }

  async function getCatalogItem(id: number): Promise<ConnectWiseCatalogItem> {
    checkId(id, "catalogItemId");
    return readCatalogItem(
      await getOne<WireCatalogItem>(`/procurement/catalog/${id}`, `read catalog item ${id}`, CATALOG_ITEM_FIELDS),
    );
  }

  async function createCatalogItem(item: NewCatalogItem): Promise<ConnectWiseCatalogItem> {
    const response = await call<WireCatalogItem>({
      method: "POST",
      path: "/procurement/catalog",
      operation: `create the catalog item ${item.identifier}`,
      body: writeNewCatalogItem(item),
    });
    return readCatalogItem(response.data);
  }

  async function updateCatalogItem(id: number, changes: CatalogItemChanges): Promise<ConnectWiseCatalogItem> {
    checkId(id, "catalogItemId");
    const operations = writeCatalogItemPatch(changes);
    if (operations.length === 0) throw new RangeError("updateCatalogItem needs at least one change");
    const response = await call<WireCatalogItem>({
      method: "PATCH",
      path: `/procurement/catalog/${id}`,
      operation: `update catalog item ${id}`,
      body: operations,
    });
    return readCatalogItem(response.data);
  }

  function listLookup(path: string, operation: string): Promise<ConnectWiseLookup[]> {
    return list<WireLookup, ConnectWiseLookup>({
      path,
      operation,
      fields: "id,name,inactiveFlag,defaultFlag",
      orderBy: "name asc",
      read: readLookup,
    }).toArray();
  }

  async function listSubcategories(categoryId?: number): Promise<ConnectWiseSubcategory[]> {
    if (categoryId !== undefined) {
      checkId(categoryId, "categoryId");
      // The category's own child collection: filtering /procurement/subcategories by category/id is not documented.
      return await list<WireLookup, ConnectWiseSubcategory>({
        path: `/procurement/categories/${categoryId}/subcategories/`,
        operation: `list the subcategories of category ${categoryId}`,
        orderBy: "name asc",
        read: (row) => readSubcategory(row, categoryId),
      }).toArray();
    }
    return await list<WireLookup, ConnectWiseSubcategory>({
      path: "/procurement/subcategories/",
      operation: "list product subcategories",
      fields: "id,name,inactiveFlag,defaultFlag,category/id",
      orderBy: "name asc",
      read: (row) => readSubcategory(row),
    }).toArray();
  }

  return {
    findCatalogItemsByIdentifiers,
    getCatalogItem,
    createCatalogItem,
    updateCatalogItem,
    listProductTypes: () => listLookup("/procurement/types", "list product types"),
    listCategories: () => listLookup("/procurement/categories", "list product categories"),
    listSubcategories,
    listUnitsOfMeasure: () => listLookup("/procurement/unitOfMeasures", "list units of measure"),
  };
}
