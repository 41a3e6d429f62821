import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: "documents/**/*.graphql",
  // The generated file is committed, so a schema change shows up as a diff.
  overwrite: true,
  generates: {
    "src/generated/graphql.ts": {
      // typescript-operations 6 emits the enums and inputs the documents use by
      // itself; adding the `typescript` plugin as well declares each enum twice
      // (TS2300 Duplicate identifier).
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        useTypeImports: true,
        // String unions instead of TS enums (v6's name for enumsAsTypes): no
        // runtime objects, and values compare directly with what the server sends.
        enumType: "string-literal",
      },
    },
  },
};

// graphql-codegen loads its config through a default export.
export default config;
