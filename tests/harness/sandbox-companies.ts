/**
 * Adds companies to a running sandbox through its operator endpoint, shaped like the sandbox's own
 * (status, type, address references copied from an existing active company), with derived identifiers.
 */
export async function addSandboxCompanies(sandboxUrl: string, names: readonly string[]): Promise<number[]> {
  const existing = (await (await fetch(`${sandboxUrl}/__sandbox/state/companies`)).json()) as Array<
    Record<string, unknown>
  >;
  const template = existing.find((company) => (company.status as { name?: string } | undefined)?.name === "Active")!;
  const references = ["status", "types", "country", "territory", "billingTerms", "taxCode", "site"] as const;
  const ids: number[] = [];
  for (const [index, name] of names.entries()) {
    const body: Record<string, unknown> = { name, identifier: `ScriptCo${index + 1}`, addressLine1: "1 Test Street" };
    for (const key of references) {
      const value = template[key];
      if (value === undefined || value === null) continue;
      body[key] = Array.isArray(value)
        ? value.map((entry: { id: number }) => ({ id: entry.id }))
        : typeof value === "object"
          ? { id: (value as { id: number }).id }
          : value;
    }
    for (const key of ["city", "state", "zip"] as const) if (template[key]) body[key] = template[key];
    const response = await fetch(`${sandboxUrl}/__sandbox/state/companies`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`the sandbox refused ${name}: ${await response.text()}`);
    ids.push(((await response.json()) as { id: number }).id);
  }
  return ids;
}
