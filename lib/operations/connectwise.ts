import { z } from "zod";
import type { Database } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import {
  disconnectConnection,
  findConnection,
  findConnectionCheck,
  recordConnectionCheck,
  saveConnection,
  updateConnectionStatus,
} from "@/db/queries/connections";
import type { PsaConnection, StoredPermissionResult } from "@/db/schema";
import {
  checkConnectWiseConnection,
  isConnectWiseError,
  normalizeSite,
  type ConnectWiseError,
} from "@/lib/connectwise";
import { fingerprint, sealSecret } from "@/lib/crypto/secrets";
import { defineWorkspaceAction } from "@/lib/actions/define-action";
import type { WorkspaceContext } from "@/lib/auth/context";
import { roleAllows } from "@/lib/auth/roles";
import { requestCatalogSync } from "@/lib/catalog/enqueue-catalog-sync";
import { requestDirectoryRefresh } from "@/jobs/definitions/directory-refresh";
import { SafeError } from "@/lib/errors";
import {
  connectWiseTransportOptions,
  readStoredPrivateKey,
  storePermissionResults,
} from "@/lib/integrations/connectwise-connection";
import {
  applyConnectionSchema,
  connectionFieldsSchema,
  type ConnectionFields,
} from "@/lib/validation/connectwise-connection";

export const connectedMessage = "Successfully connected to ConnectWise Manage";
export const configuredMessage = "ConnectWise integration has been configured successfully";
/** How long a successful Connect stays good for Apply. */
const checkLifetimeMs = 30 * 60_000;

/** What the browser may see of a connection: never the private key, and the public key only to admins. */
export interface ConnectionView {
  status: "not-connected" | "connected" | "unhealthy" | "disconnected";
  statusReason: string | null;
  siteUrl: string | null;
  companyId: string | null;
  companyName: string | null;
  publicKey: string | null;
  hasPrivateKey: boolean;
  connectedAt: string | null;
  lastCheckedAt: string | null;
  permissionResults: StoredPermissionResult[];
}

export function presentConnection(
  connection: PsaConnection | null,
  context: Pick<WorkspaceContext, "role">,
): ConnectionView {
  if (!connection) {
    return {
      status: "not-connected",
      statusReason: null,
      siteUrl: null,
      companyId: null,
      companyName: null,
      publicKey: null,
      hasPrivateKey: false,
      connectedAt: null,
      lastCheckedAt: null,
      permissionResults: [],
    };
  }
  return {
    status: connection.status,
    statusReason: connection.statusReason,
    siteUrl: connection.siteUrl,
    companyId: connection.companyId,
    companyName: connection.companyName,
    publicKey: roleAllows(context.role, "admin") ? connection.publicKey : null,
    hasPrivateKey: Boolean(connection.privateKeyCiphertext),
    connectedAt: connection.connectedAt?.toISOString() ?? null,
    lastCheckedAt: connection.lastCheckedAt?.toISOString() ?? null,
    permissionResults: connection.permissionResults,
  };
}

export async function getConnectionView(context: WorkspaceContext): Promise<ConnectionView> {
  return presentConnection(await findConnection(context.db, { workspaceId: context.workspace.id }), context);
}

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

/** The private key to use: the one typed, or (blank, when editing) the stored one. */
async function resolvePrivateKey(db: Database, workspaceId: string, fields: ConnectionFields): Promise<string> {
  if (fields.privateKey) return fields.privateKey;
  const existing = await findConnection(db, { workspaceId });
  const stored = existing ? readStoredPrivateKey(existing) : null;
  if (!stored)
    throw new SafeError("Some fields need attention.", "invalid", { privateKey: "Enter the API member's private key" });
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
export const checkConnectWise = defineWorkspaceAction({
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
    const missingRequired = permissions
      .filter((line) => line.granted === false && line.requiredBy === "seed")
      .map((line) => line.permission);
    const missingEdit = permissions
      .filter((line) => line.granted === false && line.requiredBy === "edit")
      .map((line) => line.permission);
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
          : `Connected to ConnectWise Manage, but the API member's security role lacks ${missingRequired.join(", ")}. Grant ${missingRequired.length === 1 ? "it" : "them"} in System › Security Roles, then Connect again.`,
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
export const applyConnectWise = defineWorkspaceAction({
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
    await recordAuditEvent(context.db, {
      workspaceId: context.workspace.id,
      actorUserId: context.user.id,
      ipAddress: context.address,
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
export const disconnectConnectWise = defineWorkspaceAction({
  name: "connectwise.disconnect",
  role: "admin",
  schema: z.object({ confirm: z.literal(true, "Confirm the disconnection") }),
  run: async (context) => {
    const disconnected = await disconnectConnection(context.db, { workspaceId: context.workspace.id });
    if (!disconnected) throw new SafeError("ConnectWise is not connected.", "not-connected");
    await recordAuditEvent(context.db, {
      workspaceId: context.workspace.id,
      actorUserId: context.user.id,
      ipAddress: context.address,
      action: "connectwise.disconnected",
      targetType: "psa_connection",
      targetId: "connectwise",
    });
    return { message: "ConnectWise Manage has been disconnected. Syncing has stopped; mappings and history are kept." };
  },
});

/** "Check again": re-runs the checks with the saved keys and records the connection's health. */
export const recheckConnectWise = defineWorkspaceAction({
  name: "connectwise.recheck",
  role: "admin",
  schema: z.object({}).strict(),
  run: async (context) => {
    const connection = await findConnection(context.db, { workspaceId: context.workspace.id });
    const privateKey = connection ? readStoredPrivateKey(connection) : null;
    if (!connection || connection.status === "disconnected" || !privateKey || !connection.publicKey) {
      throw new SafeError("ConnectWise is not connected.", "not-connected");
    }
    try {
      const check = await checkConnectWiseConnection({
        site: connection.siteUrl,
        companyId: connection.companyId,
        publicKey: connection.publicKey,
        privateKey,
        timeoutMs: 15_000,
        ...connectWiseTransportOptions(),
      });
      const permissions = storePermissionResults(check.permissions);
      const missing = permissions
        .filter((line) => line.granted === false && line.requiredBy === "seed")
        .map((line) => line.permission);
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
