import { AccountDocument, AddAliasDocument } from "../generated/graphql";
import type { TestApp } from "./harness";

/** Shared by the address suites (addresses-canonicalizer, addresses-add-remove, addresses-resolve). */

/** Address, account and audit rows: what a refused address mutation must leave as it was. */
export async function rowCounts(app: TestApp): Promise<number[]> {
  return [await app.count("address"), await app.count("account"), await app.count("audit_event")];
}

/** Adds an alias that is active at once (on a verified domain of the account's organization) and returns it. */
export async function addAlias(app: TestApp, accountId: string, address: string, token = app.operatorToken) {
  const alias = (await app.request(AddAliasDocument, { input: { accountId, address } }, token)).addAlias.alias;
  if (!alias) throw new Error(`${address} became a claim, not an alias`);
  return alias;
}

/** An account's aliases and addresses as the address suites compare them: each address with its kind. */
export async function addressesOf(app: TestApp, id: string, token: string) {
  const account = (await app.request(AccountDocument, { id }, token)).account;
  return {
    aliases: account.aliases?.map(({ address }) => ({ address })) ?? null,
    addresses: account.addresses?.map(({ address, kind }) => ({ address, kind })) ?? null,
  };
}
