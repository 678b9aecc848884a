import { z } from "zod";
import { emailSchema } from "./people";

/**
 * Onboarding an MSP: the body of `POST /api/v1/workspaces` and the input of
 * `npm run workspace -- create`. The OpenAPI document is generated from these schemas.
 */
export const createWorkspaceSchema = z
  .object({
    name: z.string().trim().min(1, "Enter the MSP's name").max(200).describe("The MSP's name, shown in the console"),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "Use 1–63 lowercase letters, digits and inner hyphens")
      .describe("Unique short name of the workspace"),
    ownerEmail: emailSchema.describe("Email address of the first owner, who receives the invitation"),
  })
  .strict();

export type CreateWorkspaceInput = z.input<typeof createWorkspaceSchema>;

export const workspaceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  createdAt: z.iso.datetime(),
});

export const createWorkspaceResponseSchema = z.object({
  workspace: workspaceSchema,
  invitationLink: z.url().describe("Single-use link for the owner, valid 7 days"),
  invitationExpiresAt: z.iso.datetime(),
  mailSent: z.boolean().describe("Whether the invitation was emailed (SMTP_URL configured)"),
});
