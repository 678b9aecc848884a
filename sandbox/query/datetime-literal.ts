// Datetimes in conditions (`[2025-01-01T00:00:00Z]`) and in records are compared as instants.
// Records store `YYYY-MM-DDTHH:mm:ssZ`; literals may also carry fractional seconds, an offset, or
// be a bare date. A value without an offset is read as UTC (UNCONFIRMED: ConnectWise may use the
// server's time zone).

const DATETIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|z|[+-]\d{2}:?\d{2})?$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Returns epoch milliseconds, or undefined when the text is not an ISO-8601 date/datetime.
export function parseDatetime(text: string): number | undefined {
  const match = DATETIME_PATTERN.exec(text.trim());
  if (match === null) return undefined;
  const [, year, month, day, hours = "0", minutes = "0", seconds = "0", fraction = "", zone = "Z"] = match;
  const monthNumber = Number(month);
  const dayNumber = Number(day);
  if (monthNumber < 1 || monthNumber > 12 || dayNumber < 1 || dayNumber > DAYS_IN_MONTH[monthNumber - 1]) {
    return undefined;
  }
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  const milliseconds = fraction === "" ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  let epoch = Date.UTC(
    Number(year),
    monthNumber - 1,
    dayNumber,
    Number(hours),
    Number(minutes),
    Number(seconds),
    milliseconds,
  );
  // Date.UTC rolls 29 February over into March in common years.
  if (new Date(epoch).getUTCDate() !== dayNumber) return undefined;
  if (zone !== "Z" && zone !== "z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    epoch -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return epoch;
}

// True for exactly `YYYY-MM-DDTHH:mm:ssZ`, the format records use; such strings order
// lexicographically in the same order as the instants they name.
export function isCanonicalDatetime(value: string): boolean {
  return (
    value.length === 20 &&
    value.charCodeAt(4) === 45 && // -
    value.charCodeAt(7) === 45 &&
    value.charCodeAt(10) === 84 && // T
    value.charCodeAt(13) === 58 && // :
    value.charCodeAt(16) === 58 &&
    value.charCodeAt(19) === 90 // Z
  );
}

// `YYYY-MM-DDTHH:mm:ssZ` for an instant with whole seconds in years 0000-9999, else undefined.
export function formatCanonicalDatetime(epoch: number): string | undefined {
  if (epoch % 1000 !== 0) return undefined;
  const iso = new Date(epoch).toISOString();
  if (iso.length !== 24) return undefined;
  return `${iso.slice(0, 19)}Z`;
}
