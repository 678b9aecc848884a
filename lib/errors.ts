/**
 * An error whose message is written for the admin and may be shown in the browser. Anything else
 * is logged on the server and replaced by a generic message.
 */
export class SafeError extends Error {
  constructor(
    message: string,
    public readonly code: string = "error",
    public readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
    this.name = "SafeError";
  }
}

export const genericErrorMessage =
  "Something went wrong on our side. Try again; if it keeps happening, check the server log.";
