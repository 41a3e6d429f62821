export * from "./generated/graphql";
