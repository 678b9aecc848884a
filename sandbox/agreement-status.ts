// Agreement status as ConnectWise derives it from the cancel flag and the dates (exact rules
// UNCONFIRMED; the order below is the sandbox's choice, see README).
export type AgreementStatus = "Active" | "Cancelled" | "Expired" | "Inactive";

export function deriveAgreementStatus(agreement: Readonly<Record<string, unknown>>, now: Date): AgreementStatus {
  if (agreement.cancelledFlag === true) return "Cancelled";
  const nowTime = now.getTime();
  if (
    agreement.noEndingDateFlag !== true &&
    typeof agreement.endDate === "string" &&
    Date.parse(agreement.endDate) < nowTime
  ) {
    return "Expired";
  }
  if (typeof agreement.startDate === "string" && Date.parse(agreement.startDate) > nowTime) return "Inactive";
  return "Active";
}
