export * from "./auth";
export * from "./workspaces";
export * from "./organizations";
export * from "./products";
export * from "./usage";
export * from "./audit";
export * from "./connections";
