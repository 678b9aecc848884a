"use client";

import { z } from "zod";

// zod compiles its object parsers with `new Function` when it may; probing whether it may makes the
// browser report a violation of the Content-Security-Policy (no 'unsafe-eval'). In the browser it
// parses without compiling instead.
if (typeof window !== "undefined") z.config({ jitless: true });

/** Rendered once in the root layout, so that the setting above runs before any form validates. */
export function ZodWithoutEval(): null {
  return null;
}
