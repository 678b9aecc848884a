// ConnectWise writes and accepts datetimes as `YYYY-MM-DDTHH:mm:ssZ`, without milliseconds.

const CONNECTWISE_DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;

export function formatDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function isConnectWiseDateTime(value: string): boolean {
  return CONNECTWISE_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

export function startOfDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}
