import { describe, expect, it } from "vitest";
import { refuseMembershipChange } from "@/lib/people/refuse-membership-change";

const owner = { userId: "owner", role: "owner" as const };
const otherOwner = { userId: "owner-2", role: "owner" as const };
const admin = { userId: "admin", role: "admin" as const };
const viewer = { userId: "viewer", role: "viewer" as const };
const billing = { userId: "billing", role: "billing" as const };

describe("refuseMembershipChange", () => {
  it("never lets the last owner be demoted or removed, even by themselves", () => {
    expect(refuseMembershipChange({ actor: owner, target: owner, newRole: "admin", ownerCount: 1 })).toMatch(
      /last owner can't be demoted/,
    );
    expect(refuseMembershipChange({ actor: owner, target: owner, ownerCount: 1 })).toMatch(
      /last owner can't be removed/,
    );
  });

  it("lets an owner step down or go when another owner stays", () => {
    expect(refuseMembershipChange({ actor: owner, target: owner, newRole: "admin", ownerCount: 2 })).toBeNull();
    expect(refuseMembershipChange({ actor: owner, target: otherOwner, ownerCount: 2 })).toBeNull();
  });

  it("keeps owners' roles and memberships to owners", () => {
    expect(refuseMembershipChange({ actor: admin, target: owner, newRole: "viewer", ownerCount: 2 })).toMatch(
      /Only an owner/,
    );
    expect(refuseMembershipChange({ actor: admin, target: owner, ownerCount: 2 })).toMatch(/Only an owner can remove/);
    expect(refuseMembershipChange({ actor: admin, target: viewer, newRole: "owner", ownerCount: 1 })).toMatch(
      /Only an owner/,
    );
  });

  it("refuses raising one's own role, allows lowering it", () => {
    expect(refuseMembershipChange({ actor: admin, target: admin, newRole: "owner", ownerCount: 1 })).toMatch(
      /can't raise your own role/,
    );
    expect(refuseMembershipChange({ actor: admin, target: admin, newRole: "viewer", ownerCount: 1 })).toBeNull();
  });

  it("lets admins manage admins, billing and viewers", () => {
    expect(refuseMembershipChange({ actor: admin, target: viewer, newRole: "billing", ownerCount: 1 })).toBeNull();
    expect(refuseMembershipChange({ actor: admin, target: billing, ownerCount: 1 })).toBeNull();
  });

  it("refuses billing and viewers anything", () => {
    expect(refuseMembershipChange({ actor: billing, target: viewer, newRole: "admin", ownerCount: 1 })).toMatch(
      /Only owners and admins/,
    );
    expect(refuseMembershipChange({ actor: viewer, target: viewer, newRole: "admin", ownerCount: 1 })).toMatch(
      /Only owners and admins/,
    );
  });
});
