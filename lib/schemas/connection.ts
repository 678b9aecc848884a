import { z } from "zod";

/**
 * The setup dialog's fields, shared by the form (react-hook-form resolver) and the server actions.
 * `privateKey` may be blank only when editing an existing connection: blank keeps the stored key.
 */
export const connectionFieldsSchema = z.object({
  site: z
    .string()
    .trim()
    .min(1, "Enter your ConnectWise site, for example na.myconnectwise.net")
    .max(255, "That site is too long"),
  companyId: z
    .string()
    .trim()
    .min(1, "Enter the company ID you type on the ConnectWise login screen")
    .max(100, "That company ID is too long")
    .regex(/^[^\s/\\?#+]+$/, "A company ID has no spaces, slashes, plus signs or question marks"),
  publicKey: z
    .string()
    .trim()
    .min(1, "Enter the API member's public key")
    .max(100, "That public key is too long")
    .regex(/^[^\s:]+$/, "A public key has no spaces or colons"),
  privateKey: z
    .string()
    .trim()
    .max(100, "That private key is too long")
    .regex(/^[^\s]*$/, "A private key has no spaces"),
});

export type ConnectionFields = z.infer<typeof connectionFieldsSchema>;

export const applyConnectionSchema = connectionFieldsSchema.extend({
  checkId: z.uuid("Run Connect first"),
});

export type ApplyConnectionInput = z.infer<typeof applyConnectionSchema>;

export const connectionFieldHelp: Record<keyof ConnectionFields, string> = {
  site: "The address of your ConnectWise login page, e.g. na.myconnectwise.net, eu.myconnectwise.net or your on-premise server's host name.",
  companyId: "The company you type on the ConnectWise login screen (not the company's display name).",
  publicKey:
    "In ConnectWise: System › Members › API Members › (your integration member) › API Keys › Add. Copy the public key.",
  privateKey:
    "Shown once when the API key is created, next to the public key. Store it nowhere else; Billbridge keeps it encrypted.",
};
