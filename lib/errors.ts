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

/** The one message for "this workspace has no working ConnectWise connection". */
export const notConnectedMessage = "ConnectWise is not connected. Connect it in Settings › Integrations first.";

export class NotConnectedError extends SafeError {
  constructor(message = notConnectedMessage) {
    super(message, "not-connected");
  }
}
