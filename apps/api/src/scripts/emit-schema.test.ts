import fs from "node:fs";
import { SCHEMA_FILE, printContract } from "./emit-schema";

describe("packages/schema/schema.graphql", () => {
  it("is exactly what the API emits (run `npm run codegen` after changing the schema)", async () => {
    const committed = fs.readFileSync(SCHEMA_FILE, "utf8");
    expect(committed).toBe(await printContract());
  });

  it("names every operation of the contract this release serves", async () => {
    const sdl = await printContract();
    for (const name of [
      "viewer",
      "organizations",
      "organization(",
      "domains(",
      "account(",
      "accounts(",
      "resolveAddress(",
      "addressAvailability(",
      "auditEvents(",
    ]) {
      expect(sdl).toContain(`  ${name}`);
    }
    for (const name of [
      "login(",
      "logout",
      "createOrganization(",
      "updateOrganizationPolicy(",
      "addDomain(",
      "updateDomain(",
      "verifyDomain(",
      "removeDomain(",
      "createAccount(",
      "updateAccount(",
      "setPrimaryAddress(",
      "disableAccount(",
      "enableAccount(",
      "addAlias(",
      "removeAddress(",
    ]) {
      expect(sdl).toContain(`  ${name}`);
    }
  });
});
