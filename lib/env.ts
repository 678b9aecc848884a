import { z } from "zod";

/**
 * Every environment variable Billbridge reads, validated once. A missing or malformed variable stops
 * the process with a message naming it. Keep this list and the README's configuration table in step.
 */
const booleanFlag = z
  .enum(["0", "1", "true", "false"])
  .optional()
  .transform((value) => value === "1" || value === "true");

const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection URL")
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (generate one with `openssl rand -base64 32`)"),
  AUTH_URL: z.string().url().optional(),
  APP_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, "must be 32 bytes, base64-encoded (generate one with `openssl rand -base64 32`)"),
  APP_ENCRYPTION_KEY_VERSION: z.coerce.number().int().min(1).default(1),
  APP_ENCRYPTION_KEYS_PREVIOUS: z.string().optional(),
  AUTH_MICROSOFT_ENTRA_ID_ID: z.string().optional(),
  AUTH_MICROSOFT_ENTRA_ID_SECRET: z.string().optional(),
  AUTH_MICROSOFT_ENTRA_ID_ISSUER: z.string().url().optional(),
  CW_CLIENT_ID: z.string().uuid("must be the ConnectWise integration's clientId GUID").optional(),
  CW_ALLOW_PRIVATE_HOSTS: booleanFlag,
  CW_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  CW_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  BILLBRIDGE_DEMO: booleanFlag,
  WORKERS: z.enum(["in-process", "off"]).default("in-process"),
  SANDBOX: z.enum(["on", "off"]).default("on"),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL, e.g. smtps://user:password@mail.example.com:465")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Billbridge <no-reply@billbridge.invalid>"),
  PLATFORM_API_TOKEN: z
    .string()
    .min(32, "must be at least 32 characters (generate one with `openssl rand -hex 32`)")
    .optional(),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
});

export type Environment = z.infer<typeof environmentSchema>;

export class EnvironmentError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "EnvironmentError";
  }
}

export function parseEnvironment(source: Record<string, string | undefined>): Environment {
  const result = environmentSchema.safeParse(source);
  if (!result.success) {
    throw new EnvironmentError(
      result.error.issues.map((issue) => {
        const name = issue.path.join(".");
        return issue.code === "invalid_type" && issue.input === undefined
          ? `${name} is required but not set`
          : `${name} ${issue.message}`;
      }),
    );
  }
  const environment = result.data;
  const entraVariables = [
    environment.AUTH_MICROSOFT_ENTRA_ID_ID,
    environment.AUTH_MICROSOFT_ENTRA_ID_SECRET,
    environment.AUTH_MICROSOFT_ENTRA_ID_ISSUER,
  ];
  if (entraVariables.some(Boolean) && !entraVariables.every(Boolean)) {
    throw new EnvironmentError([
      "AUTH_MICROSOFT_ENTRA_ID_ID, AUTH_MICROSOFT_ENTRA_ID_SECRET and AUTH_MICROSOFT_ENTRA_ID_ISSUER must be set together to enable Microsoft Entra ID sign-in",
    ]);
  }
  if (environment.NODE_ENV === "production" && !environment.BILLBRIDGE_DEMO && !environment.CW_CLIENT_ID) {
    throw new EnvironmentError([
      "CW_CLIENT_ID is required in production: set it to the clientId GUID issued for this integration at developer.connectwise.com",
    ]);
  }
  return environment;
}

let cached: Environment | undefined;

/** The validated environment of this process. */
export function env(): Environment {
  cached ??= parseEnvironment(process.env);
  return cached;
}

export function isMicrosoftEntraEnabled(environment: Environment = env()): boolean {
  return Boolean(environment.AUTH_MICROSOFT_ENTRA_ID_ID);
}
