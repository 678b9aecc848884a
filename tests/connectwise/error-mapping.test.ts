import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { mapErrorResponse, readErrorBody } from "@/lib/connectwise/error-mapping";
import {
  BadCredentialsError,
  ConnectWiseConfigurationError,
  MissingPermissionError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnexpectedResponseError,
  ValidationError,
} from "@/lib/connectwise/errors";

const invalidAddition = {
  code: "InvalidObject",
  message: "addition object is invalid",
  errors: [
    { code: "MissingRequiredField", message: "The product field is required.", resource: "addition", field: "product" },
  ],
};

describe("mapErrorResponse", () => {
  it("400 becomes a validation error carrying ConnectWise's field messages", () => {
    const error = mapErrorResponse({
      status: 400,
      body: invalidAddition,
      method: "POST",
      path: "/finance/agreements/12/additions",
      operation: "create an addition on agreement 12",
    });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe(
      "ConnectWise refused to create an addition on agreement 12: The product field is required.",
    );
    expect((error as ValidationError).fieldErrors).toEqual([
      { field: "product", code: "MissingRequiredField", message: "The product field is required." },
    ]);
    expect(error.connectWiseCode).toBe("InvalidObject");
    expect(error.outcomeUnknown).toBe(false);
    expect(error.transient).toBe(false);
  });

  it("a 400 without item errors uses the top-level message", () => {
    const error = mapErrorResponse({
      status: 400,
      body: { code: "InvalidObject", message: "The request body is not valid JSON", errors: null },
      method: "POST",
      path: "/x",
    });
    expect(error.message).toBe("ConnectWise refused to POST /x: The request body is not valid JSON.");
  });

  it("401 means wrong keys, and says where to find them", () => {
    const error = mapErrorResponse({
      status: 401,
      body: { code: "Unauthorized", message: "Supplied authentication is incorrect." },
      method: "GET",
      path: "/system/info",
    });
    expect(error).toBeInstanceOf(BadCredentialsError);
    expect(error.message).toMatch(/company ID/);
    expect(error.message).toMatch(/API Keys/);
  });

  it("UserNotAuthenticated means wrong keys whatever the status", () => {
    expect(
      mapErrorResponse({
        status: 400,
        body: { code: "ConnectWiseApi", message: "UserNotAuthenticated" },
        method: "GET",
        path: "/system/info",
      }),
    ).toBeInstanceOf(BadCredentialsError);
  });

  it("a refused clientId is the operator's configuration, not the admin's keys", () => {
    const error = mapErrorResponse({
      status: 401,
      body: { code: "Unauthorized", message: "The clientId is not recognized." },
      method: "GET",
      path: "/system/info",
    });
    expect(error).toBeInstanceOf(ConnectWiseConfigurationError);
    expect(error.message).toMatch(/CW_CLIENT_ID/);
  });

  it.each([
    ["GET", "/company/companies", "Companies > Company Maintenance > Inquire"],
    ["GET", "/finance/agreements/5/additions", "Finance > Agreements > Inquire"],
    ["POST", "/finance/agreements/5/additions", "Finance > Agreements > Add"],
    ["PATCH", "/finance/agreements/5/additions/9", "Finance > Agreements > Edit"],
    ["GET", "/procurement/catalog", "Procurement > Product Catalog > Inquire"],
    ["POST", "/procurement/catalog", "Procurement > Product Catalog > Add"],
    ["PUT", "/procurement/catalog/3", "Procurement > Product Catalog > Edit"],
    ["GET", "/procurement/subcategories/", "System > Table Setup > Inquire"],
    ["GET", "/procurement/unitOfMeasures", "System > Table Setup > Inquire"],
  ])("403 on %s %s names %s", (method, path, permission) => {
    const error = mapErrorResponse({
      status: 403,
      body: { code: "Forbidden", message: "Improper security role settings for the supplied authentication." },
      method,
      path,
    });
    expect(error).toBeInstanceOf(MissingPermissionError);
    expect((error as MissingPermissionError).permission).toBe(permission);
    expect(error.message).toContain(`"${permission}"`);
    expect(error.message).toContain("System > Security Roles");
  });

  it("403 prefers a permission ConnectWise names itself", () => {
    const error = mapErrorResponse({
      status: 403,
      body: { code: "Forbidden", message: "Requires Procurement>Product Catalog>Add" },
      method: "GET",
      path: "/system/info",
    });
    expect((error as MissingPermissionError).permission).toBe("Procurement > Product Catalog > Add");
  });

  it("404 is not found, or bad credentials where the path always exists", () => {
    expect(
      mapErrorResponse({
        status: 404,
        body: { code: "NotFound", message: "Agreement with id 5 was not found." },
        method: "GET",
        path: "/finance/agreements/5",
      }),
    ).toBeInstanceOf(NotFoundError);
    expect(
      mapErrorResponse({
        status: 404,
        body: "",
        method: "GET",
        path: "/system/info",
        notFoundMeansBadCredentials: true,
      }),
    ).toBeInstanceOf(BadCredentialsError);
  });

  it("429 carries the wait ConnectWise asked for", () => {
    const error = mapErrorResponse({
      status: 429,
      body: { error: "ConnectWiseAPI", message: "Too many requests. Please try again in 30 seconds." },
      method: "GET",
      path: "/x",
      retryAfterSeconds: 30,
    });
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(30);
    expect(error.connectWiseCode).toBe("ConnectWiseAPI");
    expect(error.transient).toBe(true);
  });

  it("5xx on a write leaves the outcome unknown; on a read it does not", () => {
    const write = mapErrorResponse({
      status: 500,
      body: { code: "UnexpectedError", message: "An unexpected error has occurred." },
      method: "POST",
      path: "/finance/agreements/5/additions",
    });
    expect(write).toBeInstanceOf(ServerError);
    expect(write.outcomeUnknown).toBe(true);
    expect(write.message).toMatch(/may or may not have been applied/);
    const read = mapErrorResponse({ status: 503, body: "", method: "GET", path: "/company/companies" });
    expect(read.outcomeUnknown).toBe(false);
    expect(read.transient).toBe(true);
  });

  it("redirects and other statuses are unexpected answers", () => {
    expect(mapErrorResponse({ status: 302, body: "", method: "GET", path: "/x" })).toBeInstanceOf(
      UnexpectedResponseError,
    );
    expect(
      mapErrorResponse({ status: 405, body: { code: "MethodNotAllowed", message: "no" }, method: "PUT", path: "/x" }),
    ).toBeInstanceOf(UnexpectedResponseError);
  });

  it("keeps query strings out of the request summary and serializes without secrets", () => {
    const error = mapErrorResponse({
      status: 400,
      body: invalidAddition,
      method: "get",
      path: "/company/companies?conditions=name%3D%22x%22",
    });
    expect(error.request).toEqual({ method: "GET", path: "/company/companies" });
    const json = JSON.stringify(error);
    expect(JSON.parse(json)).toMatchObject({ code: "validation", status: 400, fieldErrors: [{ field: "product" }] });
    expect(inspect(error)).not.toMatch(/authorization/i);
  });
});

describe("readErrorBody", () => {
  it("survives bodies that are not ConnectWise's shape", () => {
    expect(readErrorBody(null)).toEqual({ code: null, message: null, errors: [] });
    expect(readErrorBody("<html>Bad gateway</html>").message).toBe("<html>Bad gateway</html>");
    expect(readErrorBody({ errors: [null, { message: "" }, { message: "x" }] }).errors).toEqual([
      { field: null, code: null, message: "x" },
    ]);
  });
});
