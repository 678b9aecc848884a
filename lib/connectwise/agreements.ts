/** Agreements and their additions (the lines Billbridge bills usage on). */
import { where } from "./conditions";
import { checkId, type ApiSession } from "./api-session";
import type { PagedList } from "./paging";
import type { AdditionChanges, ConnectWiseAddition, ConnectWiseAgreement, DateInput, NewAddition } from "./types";
import {
  AGREEMENT_FIELDS,
  readAddition,
  readAgreement,
  writeAdditionPatch,
  writeNewAddition,
  type WireAddition,
  type WireAgreement,
} from "./wire-format";

export interface ListAgreementsOptions {
  companyId?: number;
  /** Default true; false leaves out agreements with the cancelled flag. */
  includeCancelled?: boolean;
  pageSize?: number;
}

export function agreementsApi({ call, list, getOne }: ApiSession) {
  function listAgreements(options: ListAgreementsOptions = {}): PagedList<ConnectWiseAgreement> {
    if (options.companyId !== undefined) checkId(options.companyId, "companyId");
    return list<WireAgreement, ConnectWiseAgreement>({
      path: "/finance/agreements",
      operation:
        options.companyId !== undefined
          ? `list the agreements of company ${options.companyId}`
          : "list ConnectWise agreements",
      conditions: where.and(
        options.companyId !== undefined ? where.eq("company/id", options.companyId) : null,
        options.includeCancelled === false ? where.eq("cancelledFlag", false) : null,
      ),
      fields: AGREEMENT_FIELDS,
      orderBy: "id asc",
      pageSize: options.pageSize,
      read: readAgreement,
    });
  }

  async function getAgreement(id: number): Promise<ConnectWiseAgreement> {
    checkId(id, "agreementId");
    return readAgreement(
      await getOne<WireAgreement>(`/finance/agreements/${id}`, `read agreement ${id}`, AGREEMENT_FIELDS),
    );
  }

  async function listAdditions(agreementId: number): Promise<ConnectWiseAddition[]> {
    checkId(agreementId, "agreementId");
    return await list<WireAddition, ConnectWiseAddition>({
      path: `/finance/agreements/${agreementId}/additions`,
      operation: `read the additions of agreement ${agreementId}`,
      orderBy: "id asc",
      read: (row) => readAddition(row, agreementId),
    }).toArray();
  }

  async function createAddition(agreementId: number, addition: NewAddition): Promise<ConnectWiseAddition> {
    checkId(agreementId, "agreementId");
    const response = await call<WireAddition>({
      method: "POST",
      path: `/finance/agreements/${agreementId}/additions`,
      operation: `add catalog item ${addition.catalogItemId} to agreement ${agreementId}`,
      body: writeNewAddition(addition),
    });
    return readAddition(response.data, agreementId);
  }

  async function updateAddition(
    agreementId: number,
    additionId: number,
    changes: AdditionChanges,
  ): Promise<ConnectWiseAddition> {
    checkId(agreementId, "agreementId");
    checkId(additionId, "additionId");
    const operations = writeAdditionPatch(changes);
    if (operations.length === 0) throw new RangeError("updateAddition needs at least one change");
    const response = await call<WireAddition>({
      method: "PATCH",
      path: `/finance/agreements/${agreementId}/additions/${additionId}`,
      operation: `update addition ${additionId} of agreement ${agreementId}`,
      body: operations,
    });
    return readAddition(response.data, agreementId);
  }

  async function cancelAddition(
    agreementId: number,
    additionId: number,
    cancelledDate: DateInput,
  ): Promise<ConnectWiseAddition> {
    return await updateAddition(agreementId, additionId, { cancelledDate });
  }
  return { listAgreements, getAgreement, listAdditions, createAddition, updateAddition, cancelAddition };
}
