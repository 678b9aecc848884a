import { recordActionAuditEvent } from "@/lib/audit/record-action-event";
/** The ConnectWise connection's workspace actions: Connect (check), Apply, Disconnect and Check again. */
import { z } from "zod";
import type { Database } from "@/db";
import {
  disconnectConnection,
  findConnection,
  findConnectionCheck,
  recordConnectionCheck,
  saveConnection,
  updateConnectionStatus,
} from "@/db/queries/connections";
import type { StoredPermissionResult } from "@/db/schema";
import {
  checkConnectWiseConnection,
  isConnectWiseError,
  normalizeSite,
  type ConnectWiseError,
} from "@/lib/connectwise";
import { fingerprint, sealSecret } from "@/lib/crypto/secrets";
import { requestCatalogSync } from "@/lib/catalog/enqueue-catalog-sync";
import { requestDirectoryRefresh } from "@/lib/mapping/enqueue-directory-refresh";
import { NotConnectedError, SafeError } from "@/lib/errors";
import { reusableSavedPrivateKey } from "@/lib/connection/saved-private-key";
import {
  connectWiseTransportOptions,
  missingPermissions,
  requireStoredCredentials,
  storePermissionResults,
} from "@/lib/connection/client-for-workspace";
import { applyConnectionSchema, connectionFieldsSchema, type ConnectionFields } from "@/lib/schemas/connection";
import { defineWorkspaceAction } from "./define-action";
import { plural } from "@/lib/format";

export const connectedMessage = "Successfully connected to ConnectWise Manage";
export const configuredMessage = "ConnectWise integration has been configured successfully";
/** How long a successful Connect stays good for Apply. */
const checkLifetimeMs = 30 * 60_000;

/** Which form field a ConnectWise failure is about, so the dialog can put the message there. */
function fieldErrorsFor(error: ConnectWiseError): Record<string, string> | undefined {
  switch (error.code) {
    case "invalid-site-url":
    case "site-not-allowed":
    case "site-unreachable":
      return { site: error.message };
    case "unknown-company":
      return { companyId: error.message };
    case "bad-credentials":
      return { privateKey: error.message };
    default:
      return undefined;
  }
}

function toSafeError(error: unknown): never {
  if (isConnectWiseError(error)) throw new SafeError(error.message, error.code, fieldErrorsFor(error));
  throw error;
}

/**
 * The private key to use: the one typed, or (blank, when editing) the saved one, but only for the saved
 * site, company ID and public key, so that the saved key never goes to another server.
 */
async function resolvePrivateKey(db: Database, workspaceId: string, fields: ConnectionFields): Promise<string> {
  if (fields.privateKey) return fields.privateKey;
  const existing = await findConnection(db, { workspaceId });
  const stored = reusableSavedPrivateKey(existing, fields);
  if (!stored)
    throw new SafeError("Some fields need attention.", "invalid", {
      privateKey:
        existing?.privateKeyCiphertext && existing.status !== "disconnected"
          ? "Enter the private key: the saved one is kept only while the site, company ID and public key stay the same"
          : "Enter the API member's private key",
    });
  return stored;
}

function valuesFingerprint(site: string, fields: ConnectionFields, privateKey: string): string {
  return fingerprint(["connectwise", site, fields.companyId.toLowerCase(), fields.publicKey, privateKey]);
}

export interface ConnectionCheckResult {
  /** Present when Apply may save these values. */
  checkId: string | null;
  message: string;
  companyName: string | null;
  site: string;
  apiBaseUrl: string;
  version: string | null;
  permissions: StoredPermissionResult[];
  missingRequired: string[];
  missingEdit: string[];
}

/** "Connect": discovery, sign-in and the permission checklist, each with a message the admin can act on. */
export const checkConnectWiseAction = defineWorkspaceAction({
  name: "connectwise.check",
  role: "admin",
  schema: connectionFieldsSchema,
  run: async (context, fields): Promise<ConnectionCheckResult> => {
    let site: string;
    try {
      site = normalizeSite(fields.site).origin;
    } catch (error) {
      toSafeError(error);
    }
    const privateKey = await resolvePrivateKey(context.db, context.workspace.id, fields);
    const check = await checkConnectWiseConnection({
      site,
      companyId: fields.companyId,
      publicKey: fields.publicKey,
      privateKey,
      timeoutMs: 15_000,
      ...connectWiseTransportOptions(),
    }).catch(toSafeError);
    const permissions = storePermissionResults(check.permissions);
    const missingRequired = missingPermissions(permissions, "seed");
    const missingEdit = missingPermissions(permissions, "edit");
    let checkId: string | null = null;
    if (missingRequired.length === 0) {
      const recorded = await recordConnectionCheck(context.db, {
        workspaceId: context.workspace.id,
        fingerprint: valuesFingerprint(check.discovery.site, fields, privateKey),
        siteUrl: check.discovery.site,
        companyId: fields.companyId,
        companyName: check.discovery.companyName,
        apiBaseUrl: check.discovery.apiBaseUrl,
        codebase: check.discovery.codebase,
        permissionResults: permissions,
        checkedByUserId: context.user.id,
      });
      checkId = recorded.id;
    }
    return {
      checkId,
      message:
        missingRequired.length === 0
          ? connectedMessage
          : `Connected to ConnectWise Manage, but the API member's security role lacks ${missingRequired.join(", ")}. Grant ${plural(missingRequired.length, "it", "them")} in System › Security Roles, then Connect again.`,
      companyName: check.discovery.companyName,
      site: check.discovery.site,
      apiBaseUrl: check.discovery.apiBaseUrl,
      version: check.systemInfo.version,
      permissions,
      missingRequired,
      missingEdit,
    };
  },
});

/** "Apply": saves exactly the values a recent Connect succeeded with, the private key encrypted. */
export const applyConnectWiseAction = defineWorkspaceAction({
  name: "connectwise.apply",
  role: "admin",
  schema: applyConnectionSchema,
  run: async (context, input) => {
    const check = await findConnectionCheck(context.db, { workspaceId: context.workspace.id, checkId: input.checkId });
    if (!check || Date.now() - check.checkedAt.getTime() > checkLifetimeMs) {
      throw new SafeError("Run Connect again before applying: the last check has expired.", "check-required");
    }
    const privateKey = await resolvePrivateKey(context.db, context.workspace.id, input);
    let site: string;
    try {
      site = normalizeSite(input.site).origin;
    } catch (error) {
      toSafeError(error);
    }
    if (valuesFingerprint(site, input, privateKey) !== check.fingerprint) {
      throw new SafeError(
        "These values differ from the ones Connect checked. Run Connect again with them before applying.",
        "check-required",
      );
    }
    const existing = await findConnection(context.db, { workspaceId: context.workspace.id });
    const sameTenant =
      existing &&
      existing.status !== "disconnected" &&
      existing.siteUrl === check.siteUrl &&
      existing.companyId.toLowerCase() === input.companyId.toLowerCase();
    const sealed = sealSecret(privateKey);
    await saveConnection(context.db, {
      workspaceId: context.workspace.id,
      values: {
        siteUrl: check.siteUrl,
        companyId: input.companyId,
        companyName: check.companyName,
        publicKey: input.publicKey,
        privateKeyCiphertext: sealed.ciphertext,
        privateKeyKeyVersion: sealed.keyVersion,
        apiBaseUrl: check.apiBaseUrl,
        codebase: check.codebase,
        status: "connected",
        statusReason: null,
        connectedAt: sameTenant ? existing.connectedAt : new Date(),
        connectedByUserId: sameTenant ? existing.connectedByUserId : context.user.id,
        lastCheckedAt: check.checkedAt,
        permissionResults: check.permissionResults,
      },
    });
    await recordActionAuditEvent(context, {
      action: existing && existing.status !== "disconnected" ? "connectwise.updated" : "connectwise.connected",
      targetType: "psa_connection",
      targetId: "connectwise",
      details: { site: check.siteUrl, companyId: input.companyId, privateKeyChanged: Boolean(input.privateKey) },
    });
    await requestCatalogSync(context.db, { workspaceId: context.workspace.id, trigger: "apply" });
    await requestDirectoryRefresh(context.db, { workspaceId: context.workspace.id });
    return { message: configuredMessage };
  },
});

/** "Disconnect": forgets the keys and stops all syncing; mappings and history are kept. */
export const disconnectConnectWiseAction = defineWorkspaceAction({
  name: "connectwise.disconnect",
  role: "admin",
  schema: z.object({ confirm: z.literal(true, "Confirm the disconnection") }),
  run: async (context) => {
    const disconnected = await disconnectConnection(context.db, { workspaceId: context.workspace.id });
    if (!disconnected) throw new NotConnectedError();
    await recordActionAuditEvent(context, {
      action: "connectwise.disconnected",
      targetType: "psa_connection",
      targetId: "connectwise",
    });
    return { message: "ConnectWise Manage has been disconnected. Syncing has stopped; mappings and history are kept." };
  },
});

/** "Check again": re-runs the checks with the saved keys and records the connection's health. */
export const recheckConnectWiseAction = defineWorkspaceAction({
  name: "connectwise.recheck",
  role: "admin",
  schema: z.object({}).strict(),
  run: async (context) => {
    const { connection, publicKey, privateKey } = await requireStoredCredentials(context.db, {
      workspaceId: context.workspace.id,
    });
    try {
      const check = await checkConnectWiseConnection({
        site: connection.siteUrl,
        companyId: connection.companyId,
        publicKey,
        privateKey,
        timeoutMs: 15_000,
        ...connectWiseTransportOptions(),
      });
      const permissions = storePermissionResults(check.permissions);
      const missing = missingPermissions(permissions, "seed");
      const reason = missing.length > 0 ? `The API member lacks ${missing.join(", ")}.` : null;
      await updateConnectionStatus(context.db, {
        workspaceId: context.workspace.id,
        status: reason ? "unhealthy" : "connected",
        reason,
        permissionResults: permissions,
      });
      return { healthy: !reason, message: reason ?? "The connection works." };
    } catch (error) {
      if (!isConnectWiseError(error)) throw error;
      await updateConnectionStatus(context.db, {
        workspaceId: context.workspace.id,
        status: "unhealthy",
        reason: error.message,
      });
      return { healthy: false, message: error.message };
    }
  },
});
