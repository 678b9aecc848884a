import { describe, expect, it } from "vitest";
import {
  BadCredentialsError,
  MissingPermissionError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  ValidationError,
} from "@/lib/connectwise";
import { describePlannedChange, describeRecordedChange } from "@/lib/sync/describe-changes";
import { classifySyncFailure, PermanentSyncError, TransientSyncError } from "@/lib/sync/run-organization-sync";

const names = { byProduct: { p1: "SASE user" }, byCatalogItem: { 11: "SASE user", 12: "Old gateway" } };
const agreement = { agreementId: 1200, agreementName: "Managed Services" };

describe("change lines", () => {
  it("describes a planned update with its drift and the addition", () => {
    const line = describePlannedChange(
      {
        action: "update",
        productId: "p1",
        catalogItemId: 11,
        additionId: 7,
        before: { quantity: 99, unitPrice: 9, unitCost: 5 },
        after: { quantity: 15, unitPrice: 9, unitCost: 5 },
        drift: { lastWritten: 15, found: 99 },
      },
      names,
    );
    expect(line).toEqual({
      productName: "SASE user",
      action: "update",
      result: "planned",
      additionIds: [7],
      before: { quantity: 99, unitPrice: 9, unitCost: 5 },
      after: { quantity: 15, unitPrice: 9, unitCost: 5 },
      drift: { lastWritten: 15, found: 99 },
      message: null,
    });
  });

  it("names a retired product by its catalog item, and lists every addition of a conflict", () => {
    const line = describePlannedChange(
      {
        action: "conflict",
        productId: null,
        catalogItemId: 12,
        additionIds: [3, 4],
        desiredQuantity: 0,
        reason: "2 live additions",
      },
      names,
    );
    expect(line).toMatchObject({ productName: "Old gateway", additionIds: [3, 4], message: "2 live additions" });
    expect(
      describePlannedChange(
        {
          action: "none",
          productId: null,
          catalogItemId: 13,
          additionId: null,
          quantity: 0,
          current: null,
          drift: null,
        },
        names,
      ).productName,
    ).toBe("Catalog item 13");
  });

  it("reads a recorded change back with the same shape", () => {
    const line = describeRecordedChange(
      {
        productId: "p1",
        catalogItemId: 11,
        action: "cancel",
        additionId: 7,
        before: { quantity: 4, unitPrice: 9, unitCost: 5 },
        after: { quantity: 4, unitPrice: 9, unitCost: 5, cancelledDate: "2026-01-01" },
        drift: null,
        result: "applied",
        message: null,
      },
      names,
    );
    expect(line).toMatchObject({
      productName: "SASE user",
      action: "cancel",
      additionIds: [7],
      before: { quantity: 4 },
      after: null,
      result: "applied",
    });
  });
});

describe("classifySyncFailure", () => {
  it("makes a deleted agreement a permanent failure that says what to fix", () => {
    const error = classifySyncFailure(new NotFoundError("not found"), agreement);
    expect(error).toBeInstanceOf(PermanentSyncError);
    expect(error.message).toBe(
      'The agreement "Managed Services" (1200) no longer exists in ConnectWise. Choose another agreement for this organization in the mapping table.',
    );
  });

  it("sends bad keys and missing permissions to the settings, permanently", () => {
    expect(classifySyncFailure(new BadCredentialsError("Keys refused."), agreement)).toMatchObject({
      code: "bad-credentials",
      message: expect.stringMatching(/Settings › Integrations/),
    });
    const permission = classifySyncFailure(
      new MissingPermissionError("Not allowed.", "Finance > Agreements > Edit"),
      agreement,
    );
    expect(permission).toBeInstanceOf(PermanentSyncError);
    expect(permission.message).toContain('Grant "Finance > Agreements > Edit"');
    expect(classifySyncFailure(new ValidationError("Refused.", []), agreement)).toBeInstanceOf(PermanentSyncError);
  });

  it("retries rate limits and server errors, keeping Retry-After", () => {
    const limited = classifySyncFailure(new RateLimitedError("Slow down.", 30), agreement);
    expect(limited).toBeInstanceOf(TransientSyncError);
    expect((limited as TransientSyncError).retryAfterSeconds).toBe(30);
    expect(classifySyncFailure(new ServerError("Oops."), agreement)).toBeInstanceOf(TransientSyncError);
  });
});
