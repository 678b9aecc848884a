import { z } from "zod";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter an email address like name@company.com").max(254));

export const roleSchema = z.enum(["owner", "admin", "billing", "viewer"], "Choose a role");

export const newPasswordSchema = z
  .string()
  .min(12, "Use at least 12 characters")
  .max(1024, "Use at most 1024 characters");

export const invitePersonSchema = z.object({ email: emailSchema, role: roleSchema });
export type InvitePersonInput = z.input<typeof invitePersonSchema>;

export const invitationIdSchema = z.object({ invitationId: z.uuid("Choose an invitation") });

export const changeRoleSchema = z.object({ userId: z.string().min(1).max(200), role: roleSchema });

export const removeMemberSchema = z.object({ userId: z.string().min(1).max(200) });

export const acceptInvitationSchema = z.object({
  token: z.string().min(20).max(200),
  name: z.string().trim().min(1, "Enter your name").max(200),
  password: newPasswordSchema,
});

export const requestPasswordResetSchema = z.object({ email: emailSchema });

export const completePasswordResetSchema = z
  .object({
    token: z.string().min(20).max(200),
    password: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((value) => value.password === value.confirmPassword, {
    message: "The two passwords differ",
    path: ["confirmPassword"],
  });
