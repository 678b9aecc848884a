import { expect, it } from "vitest";

// Run by .ci/run through each vitest configuration: the runner must exit non-zero here. If it exits 0,
// no failing test anywhere could stop a change from landing.
it("fails on purpose", () => {
  expect(1 + 1).toBe(3);
});
