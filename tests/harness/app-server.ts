import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { findFreePort } from "@/lib/runtime/embedded-postgres";

export interface AppServer {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real console (`scripts/start.ts`, as `npm start` does) against a test database, builds
 * it first when no production build exists, and resolves once it serves.
 */
export async function startAppServer(options: {
  databaseUrl: string;
  /** Overrides of the test defaults below; `undefined` leaves a variable unset. */
  env?: Record<string, string | undefined>;
}): Promise<AppServer> {
  const port = await findFreePort();
  const root = path.resolve(import.meta.dirname, "../..");
  let output = "";
  const child: ChildProcess = spawn(
    process.execPath,
    // As `npm start` runs it: tsx as a loader in this one process, so a SIGTERM reaches the start
    // script itself and its cleanup runs.
    ["--import", "tsx", "scripts/start.ts"],
    {
      cwd: root,
      detached: true,
      env: withoutUnset({
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: options.databaseUrl,
        PORT: String(port),
        HOST: "127.0.0.1",
        BILLBRIDGE_DEMO: "1",
        CW_ALLOW_PRIVATE_HOSTS: "1",
        SANDBOX: "off",
        AUTH_SECRET: "test-secret-test-secret-test-secret-1234",
        APP_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64"),
        ...options.env,
      }),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes("is running at")) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    child.once("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`the console exited with code ${code} before serving:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid!, "SIGTERM");
      await exited;
    },
  };
}

function withoutUnset(variables: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(variables).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ) as NodeJS.ProcessEnv;
}

/** A cookie jar good enough for Auth.js: keeps name=value pairs across requests. */
export class CookieJar {
  private cookies = new Map<string, string>();
  store(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const index = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
  }
  set(name: string, value: string) {
    this.cookies.set(name, value);
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/** Signs in through Auth.js's credentials endpoint, as the browser's form ultimately does. */
export async function signIn(
  baseUrl: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ jar: CookieJar; location: string | null }> {
  const jar = new CookieJar();
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  jar.store(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/organizations` }),
  });
  jar.store(response);
  return { jar, location: response.headers.get("location") };
}

/** Signs out through Auth.js's endpoint, as the console's "Sign out" ultimately does. */
export async function signOut(baseUrl: string, jar: CookieJar): Promise<void> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { cookie: jar.header() } });
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${baseUrl}/sign-in` }),
  });
  if (response.status >= 400) throw new Error(`sign-out answered ${response.status}`);
}
