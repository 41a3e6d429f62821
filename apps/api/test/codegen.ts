import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Typed documents for the API tests: the operations in test/documents, checked
 * against the emitted schema, so a test sends what a client would and gets a
 * typed result. The output is committed (`npm run codegen:test` rewrites it).
 */
const config: CodegenConfig = {
  schema: "../../packages/schema/schema.graphql",
  documents: "test/documents/**/*.graphql",
  overwrite: true,
  generates: {
    "test/generated/graphql.ts": {
      // As in packages/schema: typescript-operations 6 emits the enums and inputs it needs.
      plugins: ["typescript-operations", "typed-document-node"],
      // Scalars as they arrive over HTTP, so a test reads `summary.after` or compares a date without a cast.
      config: { useTypeImports: true, enumType: "string-literal", scalars: { DateTimeISO: "string", JSONObject: "Record<string, unknown>" } },
    },
  },
};

// graphql-codegen loads its config through a default export.
export default config;
