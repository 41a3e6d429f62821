import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { lexicographicSortSchema, printSchema } from "graphql";
import { buildPostroomSchema } from "../schema";

/** The contract as SDL, sorted so diffs show real changes only. */
export async function printContract(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildPostroomSchema()))}\n`;
}

export const SCHEMA_FILE = path.resolve(__dirname, "../../../../packages/schema/schema.graphql");

if (require.main === module) {
  printContract()
    .then((sdl) => {
      fs.writeFileSync(SCHEMA_FILE, sdl);
      console.log(`wrote ${SCHEMA_FILE}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
