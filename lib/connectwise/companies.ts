/** Companies: the directory, search, lookup by name and one company. */
import { renderConditions, where } from "./conditions";
import { checkId, MAX_PAGE_SIZE, type ApiSession } from "./api-session";
import type { PagedList } from "./paging";
import type { ConnectWiseCompany, DateInput } from "./types";
import { COMPANY_FIELDS, readCompany, type WireCompany } from "./wire-format";

export interface ListCompaniesOptions {
  /** Default true: fast on deep pages, ordered by id. */
  forwardOnly?: boolean;
  /** Default 1000 (ConnectWise's maximum). */
  pageSize?: number;
  /** Only companies changed after this moment (`_info/lastUpdated`). */
  updatedSince?: DateInput;
  /** Forward-only: resume after this company id. */
  startAfterId?: number;
}

export function companiesApi({ call, list, getOne }: ApiSession) {
  function listCompanies(options: ListCompaniesOptions = {}): PagedList<ConnectWiseCompany> {
    return list<WireCompany, ConnectWiseCompany>({
      path: "/company/companies",
      operation: "list ConnectWise companies",
      conditions:
        options.updatedSince !== undefined
          ? where.greaterThan("_info/lastUpdated", toDate(options.updatedSince))
          : null,
      fields: COMPANY_FIELDS,
      orderBy: "id asc",
      pageSize: options.pageSize,
      forwardOnly: options.forwardOnly ?? true,
      startAfterId: options.startAfterId,
      read: readCompany,
    });
  }

  async function searchCompanies(text: string, options: { limit?: number } = {}): Promise<ConnectWiseCompany[]> {
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, options.limit ?? 25));
    const trimmed = text.trim();
    const response = await call<WireCompany[]>({
      method: "GET",
      path: "/company/companies",
      operation: "search ConnectWise companies",
      query: {
        conditions: renderConditions(
          where.and(
            trimmed === "" ? null : where.or(where.contains("name", trimmed), where.contains("identifier", trimmed)),
            where.eq("deletedFlag", false),
          ),
        ),
        fields: COMPANY_FIELDS,
        orderBy: "name asc",
        pageSize: limit,
        page: 1,
      },
    });
    return response.data.map(readCompany);
  }

  async function findCompaniesByName(name: string): Promise<ConnectWiseCompany[]> {
    return await list<WireCompany, ConnectWiseCompany>({
      path: "/company/companies",
      operation: "find a ConnectWise company by name",
      conditions: where.eq("name", name),
      fields: COMPANY_FIELDS,
      orderBy: "id asc",
      read: readCompany,
    }).toArray();
  }

  async function getCompany(id: number): Promise<ConnectWiseCompany> {
    checkId(id, "companyId");
    return readCompany(await getOne<WireCompany>(`/company/companies/${id}`, `read company ${id}`, COMPANY_FIELDS));
  }
  return { listCompanies, searchCompanies, findCompaniesByName, getCompany };
}

function toDate(value: DateInput): Date {
  if (value instanceof Date) return value;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? `${value.trim()}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`"${value}" is not a date`);
  return date;
}
