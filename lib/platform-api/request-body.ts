import { ProblemError } from "./problem";

export const maxRequestBodyBytes = 10 * 1024 * 1024;

/**
 * Reads a JSON request body of at most 10 MB (413 beyond, judged by Content-Length when sent and by
 * the bytes actually read otherwise) and returns its text and parsed value. Not JSON → 400.
 */
export async function readJsonBody(request: Request): Promise<{ text: string; value: unknown }> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxRequestBodyBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxRequestBodyBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return { text, value: JSON.parse(text) };
  } catch {
    throw new ProblemError(400, "The request body is not valid JSON.");
  }
}

function tooLarge(): ProblemError {
  return new ProblemError(413, "Request bodies may be at most 10 MB (10,485,760 bytes).");
}
