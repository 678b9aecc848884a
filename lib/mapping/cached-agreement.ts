import type { ConnectWiseAgreement } from "@/lib/connectwise";

/** One ConnectWise agreement as a row of the workspace's directory cache, filed under its company. */
export function toCachedAgreement(agreement: ConnectWiseAgreement, cwCompanyId: number) {
  return {
    cwId: agreement.id,
    cwCompanyId,
    name: agreement.name,
    typeName: agreement.typeName,
    status: agreement.status,
    cancelled: agreement.cancelled,
  };
}
