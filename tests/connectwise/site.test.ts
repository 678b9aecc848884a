import { describe, expect, it } from "vitest";
import { InvalidSiteUrlError, UnexpectedResponseError } from "@/lib/connectwise/errors";
import {
  buildApiBaseUrl,
  buildCompanyInfoUrl,
  isCloudHost,
  normalizeCodebase,
  normalizeSite,
  resolveApiHostname,
} from "@/lib/connectwise/site";

describe("normalizeSite", () => {
  it.each([
    ["na.myconnectwise.net", "https://na.myconnectwise.net"],
    ["https://na.myconnectwise.net/", "https://na.myconnectwise.net"],
    ["  https://NA.MyConnectWise.net/v4_6_release/ConnectWise.aspx?locale=en_US#x  ", "https://na.myconnectwise.net"],
    ["na.myconnectwise.net/login", "https://na.myconnectwise.net"],
    ["na.myconnectwise.net.", "https://na.myconnectwise.net"],
    ["https://api-eu.myconnectwise.net/v2025_8/apis/3.0", "https://eu.myconnectwise.net"],
    ["cw.example.com:8443", "https://cw.example.com:8443"],
    ["https://cw.example.com:443/", "https://cw.example.com"],
    ["http://127.0.0.1:4010", "http://127.0.0.1:4010"],
    ["[::1]:4010", "https://[::1]:4010"],
  ])("reads %j as %s", (input, origin) => {
    expect(normalizeSite(input).origin).toBe(origin);
  });

  it("keeps the parts separately", () => {
    expect(normalizeSite("https://cw.example.com:8443/x")).toEqual({
      protocol: "https:",
      hostname: "cw.example.com",
      port: "8443",
      origin: "https://cw.example.com:8443",
    });
  });

  it.each([
    ["", /Enter the ConnectWise site/],
    ["   ", /Enter the ConnectWise site/],
    ["ftp://na.myconnectwise.net", /https:\/\/ address; "ftp"/],
    ["https://admin:secret@na.myconnectwise.net", /must not contain a user name or password/],
    ["na.my connectwise.net", /contains spaces/],
    ["https://", /not a valid site address/],
  ])("refuses %j with a reason", (input, message) => {
    expect(() => normalizeSite(input)).toThrow(InvalidSiteUrlError);
    expect(() => normalizeSite(input)).toThrow(message);
  });
});

describe("cloud hosts", () => {
  it.each([
    ["na.myconnectwise.net", "api-na.myconnectwise.net"],
    ["eu.myconnectwise.net", "api-eu.myconnectwise.net"],
    ["au.myconnectwise.net", "api-au.myconnectwise.net"],
    ["aus.myconnectwise.net", "api-aus.myconnectwise.net"],
    ["za.myconnectwise.net", "api-za.myconnectwise.net"],
    ["staging.connectwisedev.com", "api-staging.connectwisedev.com"],
    ["api-na.myconnectwise.net", "api-na.myconnectwise.net"],
    ["cw.example.com", "cw.example.com"],
    ["myconnectwise.net.evil.example", "myconnectwise.net.evil.example"],
    ["a.b.myconnectwise.net", "a.b.myconnectwise.net"],
    ["127.0.0.1", "127.0.0.1"],
  ])("API host of %s is %s", (login, api) => {
    expect(resolveApiHostname(login)).toBe(api);
  });

  it("knows cloud from on-premise", () => {
    expect(isCloudHost("na.myconnectwise.net")).toBe(true);
    expect(isCloudHost("cw.example.com")).toBe(false);
    expect(isCloudHost("notmyconnectwise.net")).toBe(false);
  });
});

describe("API base URL", () => {
  it("uses the api- host and the codebase for cloud tenants", () => {
    expect(buildApiBaseUrl(normalizeSite("na.myconnectwise.net"), "v2025_8/")).toBe(
      "https://api-na.myconnectwise.net/v2025_8/apis/3.0",
    );
  });

  it("keeps on-premise hosts and ports as given", () => {
    expect(buildApiBaseUrl(normalizeSite("https://cw.example.com:8443/"), "v4_6_release/")).toBe(
      "https://cw.example.com:8443/v4_6_release/apis/3.0",
    );
    expect(buildApiBaseUrl(normalizeSite("http://127.0.0.1:4010"), "v2025_8")).toBe(
      "http://127.0.0.1:4010/v2025_8/apis/3.0",
    );
  });

  it("falls back to the router codebase and refuses codebases that are not a path segment", () => {
    expect(normalizeCodebase("")).toBe("v4_6_release/");
    expect(normalizeCodebase(null)).toBe("v4_6_release/");
    expect(normalizeCodebase("/v2024_1/")).toBe("v2024_1/");
    expect(() => normalizeCodebase("../admin/")).toThrow(UnexpectedResponseError);
    expect(() => normalizeCodebase("v1/../../x")).toThrow(UnexpectedResponseError);
    expect(() => normalizeCodebase("v1?x=")).toThrow(UnexpectedResponseError);
  });

  it("asks the login host for company info, with the company escaped", () => {
    expect(buildCompanyInfoUrl(normalizeSite("na.myconnectwise.net"), " acme ")).toBe(
      "https://na.myconnectwise.net/login/companyinfo/acme",
    );
    expect(buildCompanyInfoUrl(normalizeSite("na.myconnectwise.net"), "a/b?c")).toBe(
      "https://na.myconnectwise.net/login/companyinfo/a%2Fb%3Fc",
    );
  });
});
