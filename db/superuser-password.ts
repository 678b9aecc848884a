/** The embedded cluster's superuser password, checked and changed over a local connection. */
function connect(params: { port: number; user: string; password: string }) {
  return import("postgres").then(({ default: postgres }) =>
    postgres({
      host: "127.0.0.1",
      port: params.port,
      user: params.user,
      password: params.password,
      database: "postgres",
      max: 1,
      onnotice: () => {},
    }),
  );
}

/** Whether the password signs the user in; false only when PostgreSQL refuses it (28P01). */
export async function passwordSignsIn(params: { port: number; user: string; password: string }): Promise<boolean> {
  const sql = await connect(params);
  try {
    await sql`select 1`;
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "28P01") return false;
    throw error;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Signs in with the current password and sets the new one (letters, digits, `-` and `_` only). */
export async function changePassword(params: { port: number; user: string; from: string; to: string }): Promise<void> {
  if (!/^[A-Za-z0-9_-]+$/.test(params.to) || !/^[a-z_][a-z0-9_]*$/.test(params.user)) {
    throw new Error("A generated password and a plain user name were expected");
  }
  const sql = await connect({ port: params.port, user: params.user, password: params.from });
  try {
    await sql.unsafe(`alter user ${params.user} with password '${params.to}'`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
