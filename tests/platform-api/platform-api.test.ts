import { and, eq } from "drizzle-orm";
import { validate } from "@scalar/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, organizations, usage } from "@/db/schema";
import { revokeApiTokenAction, saveOffboardingAction } from "@/lib/actions/api-tokens";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { createTestDatabase, type TestDatabase } from "../harness/database";
import { signIn, startAppServer, type AppServer } from "../harness/app-server";
import { createTestWorkspace, testPassword, type TestWorkspace } from "../harness/workspaces";

const rateLimit = 150;

describe("the platform API over HTTP", () => {
  let server: AppServer;
  let database: TestDatabase;
  let a: TestWorkspace;
  let b: TestWorkspace;
  const tokens: Record<"a" | "aRead" | "aWrite" | "b", string> = { a: "", aRead: "", aWrite: "", b: "" };

  const newToken = async (workspace: TestWorkspace, name: string, scopes: ("read" | "write")[] = ["read", "write"]) =>
    (await createApiToken(database.db, { workspaceId: workspace.id, name, scopes, creator: null })).token;

  const api = (
    method: string,
    path: string,
    options: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ) => {
    const token = options.token === undefined ? tokens.a : options.token;
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    return fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...options.headers,
      },
      body,
    });
  };

  const expectProblem = async (response: Response, status: number) => {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as {
      type: string;
      title: string;
      status: number;
      detail: string;
      errors?: { path: string; message: string; index?: number; externalId?: string }[];
    };
    expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
    expect(problem.detail.length).toBeGreaterThan(0);
    return problem;
  };

  const storedUsage = async (organizationId: string) =>
    (
      await database.db
        .select({ productId: usage.productId, quantity: usage.quantity })
        .from(usage)
        .where(eq(usage.organizationId, organizationId))
    )
      .map((row) => `${row.productId}=${Number(row.quantity)}`)
      .sort();

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await createTestWorkspace(database.db, "A");
    b = await createTestWorkspace(database.db, "B");
    tokens.a = await newToken(a, "Platform A");
    tokens.aRead = await newToken(a, "Reader A", ["read"]);
    tokens.aWrite = await newToken(a, "Writer A", ["write"]);
    tokens.b = await newToken(b, "Platform B");
    server = await startAppServer({
      databaseUrl: database.url,
      env: { API_RATE_LIMIT_PER_MINUTE: String(rateLimit) },
    });
  }, 300_000);
  afterAll(async () => {
    if (process.env.PLATFORM_API_DEBUG) console.log(server?.output());
    await server?.stop();
  });

  describe("authentication and scopes", () => {
    it("answers 401 with a problem document without a token, with an unknown one and with a revoked one", async () => {
      const missing = await expectProblem(await api("GET", "/products", { token: null }), 401);
      expect(missing.detail).toMatch(/Authorization: Bearer/);
      await expectProblem(await api("GET", "/products", { token: "bb_not-a-real-token" }), 401);

      const doomed = await createApiToken(database.db, {
        workspaceId: a.id,
        name: "Doomed",
        scopes: ["read"],
        creator: null,
      });
      expect((await api("GET", "/products", { token: doomed.token })).status).toBe(200);
      const tokenId = doomed.id;
      expect(await revokeApiTokenAction.execute(a.as("admin"), { tokenId })).toMatchObject({ ok: true });
      const revoked = await expectProblem(await api("GET", "/products", { token: doomed.token }), 401);
      expect(revoked.detail).toMatch(/revoked/);
    });

    it("answers 403 when the token lacks the scope", async () => {
      const put = await api("PUT", "/organizations/org-scope", {
        token: tokens.aRead,
        body: { name: "Scope", status: "active" },
      });
      expect((await expectProblem(put, 403)).detail).toMatch(/write/);
      await expectProblem(await api("GET", "/organizations", { token: tokens.aWrite }), 403);
      expect((await api("GET", "/organizations", { token: tokens.aRead })).status).toBe(200);
    });
  });

  describe("products", () => {
    it("creates (201), updates (200) and lists products; the write is audited with the token's name", async () => {
      const created = await api("PUT", "/products/A-FIREWALL", {
        body: { name: "Firewall", unit: "gateway", unitPrice: 49.5, unitCost: 30 },
      });
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({
        sku: "A-FIREWALL",
        name: "Firewall",
        description: "",
        unit: "gateway",
        unitPrice: 49.5,
        unitCost: 30,
        active: true,
      });
      const updated = await api("PUT", "/products/A-FIREWALL", {
        body: { name: "Firewall Plus", unit: "gateway", unitPrice: 59, active: false },
      });
      expect(updated.status).toBe(200);
      expect(await updated.json()).toMatchObject({ name: "Firewall Plus", unitPrice: 59, unitCost: 0, active: false });
      const list = (await (await api("GET", "/products")).json()) as { products: { sku: string }[] };
      expect(list.products.map((product) => product.sku)).toEqual(["A-FIREWALL", "A-GATEWAY", "A-USER"]);

      const events = await database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.workspaceId, a.id), eq(auditEvents.action, "api.product.update")));
      expect(events).toHaveLength(1);
      expect(events[0]!.details).toMatchObject({
        token: "Platform A",
        sku: "A-FIREWALL",
        changes: { name: { from: "Firewall", to: "Firewall Plus" }, active: { from: true, to: false } },
      });
    });

    it("refuses unknown fields and invalid values with 422 listing each", async () => {
      const problem = await expectProblem(
        await api("PUT", "/products/A-TYPO", {
          body: { name: "Typo", unit: "user", unitPrice: -1, colour: "red" },
        }),
        422,
      );
      expect(problem.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: "colour", message: expect.stringMatching(/Unknown field/) }),
          expect.objectContaining({ path: "unitPrice" }),
        ]),
      );
      await expectProblem(
        await api("PUT", "/products/bad%20sku", { body: { name: "X", unit: "user", unitPrice: 1 } }),
        422,
      );
      const list = (await (await api("GET", "/products")).json()) as { products: { sku: string }[] };
      expect(list.products.map((product) => product.sku)).not.toContain("A-TYPO");
    });

    it("answers 400 to a body that is not JSON", async () => {
      await expectProblem(await api("PUT", "/products/A-BROKEN", { raw: "{not json" }), 400);
    });
  });

  describe("organizations", () => {
    it("creates (201), updates (200), reads one with its mapping state, and 404s an unknown one", async () => {
      const created = await api("PUT", "/organizations/org-new-1", { body: { name: "New One", status: "active" } });
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({
        externalId: "org-new-1",
        name: "New One",
        status: "active",
        mapping: null,
        usage: { asOf: null, reportedAt: null, quantities: {} },
      });
      const updated = await api("PUT", "/organizations/org-new-1", {
        body: { name: "New One Renamed", status: "suspended" },
      });
      expect(updated.status).toBe(200);
      const one = (await (await api("GET", "/organizations/org-new-1")).json()) as { name: string; status: string };
      expect(one).toMatchObject({ name: "New One Renamed", status: "suspended" });
      const [audit] = await database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.workspaceId, a.id), eq(auditEvents.action, "api.organization.update")));
      expect(audit!.details).toMatchObject({ token: "Platform A", changes: { status: { to: "suspended" } } });

      await expectProblem(await api("GET", "/organizations/org-nope"), 404);
      await expectProblem(await api("GET", "/no-such-endpoint"), 404);
      await expectProblem(
        await api("PUT", "/organizations/org-new-1", { body: { name: "X", status: "gone", extra: 1 } }),
        422,
      );
    });

    it("shows a mapped organization's mapping and last run", async () => {
      const { mappings } = await import("@/db/schema");
      await database.db.insert(mappings).values({
        workspaceId: a.id,
        organizationId: a.organizationIds[1]!,
        cwCompanyId: 7,
        cwCompanyName: "Beta Company",
        cwAgreementId: 70,
        cwAgreementName: "Beta Managed Services",
        syncEnabled: false,
      });
      const body = (await (await api("GET", "/organizations/A-org-2")).json()) as { mapping: unknown };
      expect(body.mapping).toEqual({
        companyName: "Beta Company",
        agreementName: "Beta Managed Services",
        syncEnabled: false,
        lastRun: null,
      });
    });

    it("pages with limit and cursor through every organization exactly once", async () => {
      for (const index of [1, 2, 3, 4, 5])
        await api("PUT", `/organizations/org-page-${index}`, { body: { name: `Page ${index}`, status: "active" } });
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
        const page = (await (await api("GET", `/organizations${query}`)).json()) as {
          organizations: { externalId: string }[];
          nextCursor: string | null;
        };
        expect(page.organizations.length).toBeLessThanOrEqual(3);
        seen.push(...page.organizations.map((organization) => organization.externalId));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 20);
      const all = await database.db
        .select({ externalId: organizations.externalId })
        .from(organizations)
        .where(eq(organizations.workspaceId, a.id));
      expect(seen).toEqual(all.map((row) => row.externalId).sort());
      await expectProblem(await api("GET", "/organizations?limit=0"), 422);
      await expectProblem(await api("GET", "/organizations?limit=5&color=red"), 422);
    });

    it("deletes an organization (204): it leaves the list, is audited, and a second delete is 404", async () => {
      await api("PUT", "/organizations/org-leaving", { body: { name: "Leaving", status: "active" } });
      const deleted = await api("DELETE", "/organizations/org-leaving");
      expect(deleted.status).toBe(204);
      expect(await deleted.text()).toBe("");
      await expectProblem(await api("GET", "/organizations/org-leaving"), 404);
      await expectProblem(await api("DELETE", "/organizations/org-leaving"), 404);
      const [event] = await database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.workspaceId, a.id), eq(auditEvents.action, "api.organization.delete")));
      expect(event!.details).toMatchObject({ token: "Platform A", externalId: "org-leaving", offboarding: "unmapped" });
      // Reported again later, it comes back as a new organization.
      expect(
        (await api("PUT", "/organizations/org-leaving", { body: { name: "Back", status: "active" } })).status,
      ).toBe(201);
    });
    it("leaves a deleted, mapped organization's additions alone when the workspace chose so", async () => {
      expect(await saveOffboardingAction.execute(a.as("admin"), { offboardingAdditions: "leave" })).toMatchObject({
        ok: true,
      });
      await api("PUT", "/organizations/org-mapped-leaving", { body: { name: "Mapped Leaving", status: "active" } });
      const [organization] = await database.db
        .select({ id: organizations.id })
        .from(organizations)
        .where(and(eq(organizations.workspaceId, a.id), eq(organizations.externalId, "org-mapped-leaving")));
      const { mappings, syncRuns } = await import("@/db/schema");
      await database.db.insert(mappings).values({
        workspaceId: a.id,
        organizationId: organization!.id,
        cwCompanyId: 8,
        cwAgreementId: 80,
        cwAgreementName: "Leaving Agreement",
        syncEnabled: true,
      });
      expect((await api("DELETE", "/organizations/org-mapped-leaving")).status).toBe(204);
      const [mapping] = await database.db.select().from(mappings).where(eq(mappings.organizationId, organization!.id));
      expect(mapping!.syncEnabled).toBe(false);
      expect(await database.db.select().from(syncRuns).where(eq(syncRuns.organizationId, organization!.id))).toEqual(
        [],
      );
      const events = await database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.workspaceId, a.id), eq(auditEvents.action, "api.organization.delete")));
      expect(events.map((event) => event.details)).toContainEqual(
        expect.objectContaining({ externalId: "org-mapped-leaving", offboarding: "leave" }),
      );
    });
  });

  describe("usage of one organization", () => {
    it("applies a full snapshot, then reports unchanged and stale snapshots without applying them", async () => {
      const organizationId = a.organizationIds[0]!;
      const first = await api("PUT", "/organizations/A-org-1/usage", {
        body: { asOf: "2026-12-01T10:00:00Z", quantities: { "A-USER": 25 } },
      });
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({ applied: true });
      // A full snapshot: the GATEWAY usage not listed is now 0.
      const shown = (await (await api("GET", "/organizations/A-org-1")).json()) as {
        usage: { asOf: string; reportedAt: string; quantities: Record<string, number> };
      };
      expect(shown.usage.quantities).toEqual({ "A-USER": 25 });
      expect(shown.usage.asOf).toBe("2026-12-01T10:00:00.000Z");
      expect(shown.usage.reportedAt).not.toBeNull();

      const repeat = await api("PUT", "/organizations/A-org-1/usage", {
        body: { asOf: "2026-12-01T11:00:00Z", quantities: { "A-USER": 25, "A-GATEWAY": 0 } },
      });
      expect(await repeat.json()).toEqual({ applied: false, reason: "unchanged" });
      const before = await storedUsage(organizationId);
      const stale = await api("PUT", "/organizations/A-org-1/usage", {
        body: { asOf: "2026-12-01T09:00:00Z", quantities: { "A-USER": 99 } },
      });
      expect(stale.status).toBe(200);
      expect(await stale.json()).toEqual({ applied: false, reason: "stale" });
      expect(await storedUsage(organizationId)).toEqual(before);

      const [event] = await database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.workspaceId, a.id), eq(auditEvents.action, "api.usage.report")));
      expect(event!.details).toMatchObject({
        token: "Platform A",
        externalId: "A-org-1",
        changes: { "A-USER": { from: 10, to: 25 }, "A-GATEWAY": { from: 10, to: 0 } },
      });
    });

    it("refuses an unknown SKU (422, naming it) and an unknown organization (404)", async () => {
      const problem = await expectProblem(
        await api("PUT", "/organizations/A-org-3/usage", {
          body: { asOf: "2026-12-01T10:00:00Z", quantities: { "A-USER": 1, "NOPE-SKU": 2 } },
        }),
        422,
      );
      expect(problem.errors).toEqual([{ path: "quantities.NOPE-SKU", message: 'Unknown SKU "NOPE-SKU"' }]);
      await expectProblem(
        await api("PUT", "/organizations/org-missing/usage", {
          body: { asOf: "2026-12-01T10:00:00Z", quantities: {} },
        }),
        404,
      );
      await expectProblem(
        await api("PUT", "/organizations/A-org-3/usage", {
          body: { asOf: "yesterday", quantities: { "A-USER": 1.5 } },
        }),
        422,
      );
    });
  });

  describe("usage batches", () => {
    it("applies a valid batch and counts applied, unchanged and stale organizations", async () => {
      const first = await api("POST", "/usage", {
        body: {
          asOf: "2026-12-02T10:00:00Z",
          organizations: [
            { externalId: "A-org-2", quantities: { "A-USER": 5, "A-GATEWAY": 1 } },
            { externalId: "A-org-3", quantities: { "A-USER": 30, "A-GATEWAY": 30 } },
          ],
        },
      });
      expect(first.status).toBe(200);
      // A-org-3 already had 30 and 30.
      expect(await first.json()).toEqual({ applied: 1, unchanged: 1, stale: 0 });
      const second = await api("POST", "/usage", {
        body: {
          asOf: "2026-12-02T09:00:00Z",
          organizations: [{ externalId: "A-org-2", quantities: { "A-USER": 6 } }],
        },
      });
      expect(await second.json()).toEqual({ applied: 0, unchanged: 0, stale: 1 });
    });

    it("applies nothing when any entry is wrong, and lists every error with its index and externalId", async () => {
      const ids = a.organizationIds;
      const before = await Promise.all(ids.map(storedUsage));
      const problem = await expectProblem(
        await api("POST", "/usage", {
          body: {
            asOf: "2026-12-03T10:00:00Z",
            organizations: [
              { externalId: "A-org-1", quantities: { "A-USER": 1 } },
              { externalId: "org-unknown", quantities: { "A-USER": 1 } },
              { externalId: "A-org-2", quantities: { "SKU-UNKNOWN": 1 } },
              { externalId: "A-org-3", quantities: { "A-USER": 2 } },
            ],
          },
        }),
        422,
      );
      expect(problem.errors).toEqual([
        {
          path: "organizations.1.externalId",
          message: 'Unknown organization "org-unknown"',
          index: 1,
          externalId: "org-unknown",
        },
        {
          path: "organizations.2.quantities.SKU-UNKNOWN",
          message: 'Unknown SKU "SKU-UNKNOWN"',
          index: 2,
          externalId: "A-org-2",
        },
      ]);
      const invalid = await expectProblem(
        await api("POST", "/usage", {
          body: {
            asOf: "2026-12-03T10:00:00Z",
            organizations: [
              { externalId: "A-org-1", quantities: { "A-USER": -1 } },
              { externalId: "A-org-2", quantities: { "A-USER": 1 }, note: "typo" },
            ],
          },
        }),
        422,
      );
      expect(invalid.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ index: 0, externalId: "A-org-1", path: "organizations.0.quantities.A-USER" }),
          expect.objectContaining({ index: 1, externalId: "A-org-2", path: "organizations.1.note" }),
        ]),
      );
      expect(await Promise.all(ids.map(storedUsage))).toEqual(before);
    });
  });

  describe("idempotency keys", () => {
    it("returns the first response again for the same key and body, and 409 for another body", async () => {
      const body = { name: "Idempotent Org", status: "active" };
      const headers = { "idempotency-key": "create-idempotent-org-1" };
      const first = await api("PUT", "/organizations/org-idem", { body, headers });
      expect(first.status).toBe(201);
      const firstBody = await first.json();
      const again = await api("PUT", "/organizations/org-idem", { body, headers });
      expect(again.status).toBe(201);
      expect(again.headers.get("idempotency-replayed")).toBe("true");
      expect(await again.json()).toEqual(firstBody);
      const conflict = await api("PUT", "/organizations/org-idem", { body: { ...body, name: "Other" }, headers });
      expect((await expectProblem(conflict, 409)).detail).toMatch(/different request/);

      const batch = {
        asOf: "2026-12-04T10:00:00Z",
        organizations: [{ externalId: "A-org-3", quantities: { "A-USER": 77 } }],
      };
      const batchHeaders = { "idempotency-key": "batch-77" };
      expect(await (await api("POST", "/usage", { body: batch, headers: batchHeaders })).json()).toEqual({
        applied: 1,
        unchanged: 0,
        stale: 0,
      });
      // Without the key the same batch is merely unchanged; with it, the first answer comes back.
      expect(await (await api("POST", "/usage", { body: batch, headers: batchHeaders })).json()).toEqual({
        applied: 1,
        unchanged: 0,
        stale: 0,
      });
      const deleteHeaders = { "idempotency-key": "delete-idem" };
      expect((await api("DELETE", "/organizations/org-idem", { headers: deleteHeaders })).status).toBe(204);
      expect((await api("DELETE", "/organizations/org-idem", { headers: deleteHeaders })).status).toBe(204);
    });
  });

  describe("workspaces", () => {
    it("never lets B's token read or write A's organizations", async () => {
      await expectProblem(await api("GET", "/organizations/A-org-1", { token: tokens.b }), 404);
      await expectProblem(
        await api("PUT", "/organizations/A-org-1/usage", {
          token: tokens.b,
          body: { asOf: "2030-01-01T00:00:00Z", quantities: {} },
        }),
        404,
      );
      await expectProblem(
        await api("POST", "/usage", {
          token: tokens.b,
          body: { asOf: "2030-01-01T00:00:00Z", organizations: [{ externalId: "A-org-1", quantities: {} }] },
        }),
        422,
      );
      await expectProblem(await api("DELETE", "/organizations/A-org-1", { token: tokens.b }), 404);
      const list = (await (await api("GET", "/organizations?limit=200", { token: tokens.b })).json()) as {
        organizations: { externalId: string }[];
      };
      expect(list.organizations.map((organization) => organization.externalId)).toEqual([
        "B-org-1",
        "B-org-2",
        "B-org-3",
      ]);
      const products = (await (await api("GET", "/products", { token: tokens.b })).json()) as {
        products: { sku: string }[];
      };
      expect(products.products.map((product) => product.sku)).toEqual(["B-GATEWAY", "B-USER"]);
      // The same external id in B is B's own organization; A's is untouched.
      expect(
        (await api("PUT", "/organizations/A-org-1", { token: tokens.b, body: { name: "B's", status: "active" } }))
          .status,
      ).toBe(201);
      const aOne = (await (await api("GET", "/organizations/A-org-1")).json()) as { name: string };
      expect(aOne.name).toBe("A Alpha Corp");
      expect(await storedUsage(a.organizationIds[0]!)).toHaveLength(1);
    });
  });

  describe("limits", () => {
    it("answers 413 to a body over 10 MB", async () => {
      const huge = JSON.stringify({ asOf: "2026-12-01T00:00:00Z", organizations: [], pad: "x".repeat(10_500_000) });
      await expectProblem(await api("POST", "/usage", { raw: huge }), 413);
    });

    it("answers 429 with Retry-After once a token has used its requests of the minute", async () => {
      const token = await newToken(a, "Busy");
      // Start early in a minute, so the window cannot turn over while the budget is spent.
      const secondsIntoMinute = new Date().getUTCSeconds();
      if (secondsIntoMinute > 30) await new Promise((resolve) => setTimeout(resolve, (61 - secondsIntoMinute) * 1000));
      for (let sent = 0; sent < rateLimit; sent += 15) {
        const statuses = await Promise.all(
          Array.from({ length: 15 }, async () => (await api("GET", "/products", { token })).status),
        );
        expect(statuses.every((status) => status === 200)).toBe(true);
      }
      const limited = await api("GET", "/products", { token });
      const problem = await expectProblem(limited, 429);
      expect(problem.detail).toMatch(`${rateLimit} requests a minute`);
      const retryAfter = Number(limited.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // Another token of the same workspace has a budget of its own.
      expect((await api("GET", "/products", { token: tokens.aRead })).status).toBe(200);
    }, 90_000);
  });

  describe("documentation", () => {
    it("serves an OpenAPI 3.1 document that validates and describes every operation", async () => {
      const response = await fetch(`${server.url}/api/v1/openapi.json`);
      expect(response.status).toBe(200);
      const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(document.openapi).toBe("3.1.0");
      const result = await validate(document);
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
      expect(
        Object.entries(document.paths).flatMap(([path, operations]) =>
          Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
        ),
      ).toEqual(
        expect.arrayContaining([
          "GET /products",
          "PUT /products/{sku}",
          "GET /organizations",
          "GET /organizations/{externalId}",
          "PUT /organizations/{externalId}",
          "DELETE /organizations/{externalId}",
          "PUT /organizations/{externalId}/usage",
          "POST /usage",
          "POST /workspaces",
          "GET /reports/reconciliation",
        ]),
      );
      // Onboarding takes the operator's token, not a workspace token.
      expect(document.paths["/workspaces"]!.post).toMatchObject({ security: [{ platformBearerAuth: [] }] });
    });

    it("serves the reference page with no inline script and every script from its own origin", async () => {
      const response = await fetch(`${server.url}/api/v1/docs`);
      expect(response.status).toBe(200);
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThanOrEqual(2);
      for (const [, attributes, content] of scripts) {
        const executable = !/type="application\/json"/.test(attributes!);
        if (executable) {
          expect(attributes).toMatch(/src="\/api\/v1\/docs\/scalar\.js"/);
          expect(content!.trim()).toBe("");
        }
      }
      expect(html).not.toMatch(/https?:\/\//);
      const bundle = await fetch(`${server.url}/api/v1/docs/scalar.js`);
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get("content-type")).toMatch(/javascript/);
      expect((await bundle.text()).length).toBeGreaterThan(100_000);
    });
  });

  describe("the console", () => {
    it("lists tokens on Settings › API tokens: owners manage them, viewers only read", async () => {
      const owner = await signIn(server.url, a.users.owner.email, testPassword);
      const ownerPage = await (
        await fetch(`${server.url}/settings/api-tokens`, { headers: { cookie: owner.jar.header() } })
      ).text();
      expect(ownerPage).toContain("Platform A");
      expect(ownerPage).toContain("Create token");
      expect(ownerPage).not.toContain(tokens.a);
      const viewer = await signIn(server.url, a.users.viewer.email, testPassword);
      const viewerPage = await (
        await fetch(`${server.url}/settings/api-tokens`, { headers: { cookie: viewer.jar.header() } })
      ).text();
      expect(viewerPage).toContain("Platform A");
      expect(viewerPage).not.toContain("Create token");
      expect(viewerPage).toContain("Only owners and admins create and revoke tokens.");
    });

    it("shows on Organizations when each organization last reported usage", async () => {
      const owner = await signIn(server.url, a.users.owner.email, testPassword);
      const page = await (
        await fetch(`${server.url}/organizations?q=A%20Alpha`, { headers: { cookie: owner.jar.header() } })
      ).text();
      expect(page).toContain("Usage reported");
      expect(page).toMatch(/<time dateTime="\d{4}-/);
    });
  });
});
