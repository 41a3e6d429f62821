import {
  AccountDocument,
  AccountsDocument,
  type AccountsQueryVariables,
  AuditEventsDocument,
  type CreateAccountInput,
  CreateAccountDocument,
  ResolveDocument,
} from "../generated/graphql";
import type { Dialect } from "./databases";
import { useTestApp } from "./harness";

/** Shared by the account suites (accounts-create, accounts-update, accounts-primary-address, accounts-list). */

export interface OrgWithAdmin {
  orgId: string;
  adminId: string;
  adminToken: string;
  domain: string;
}

/**
 * The account suites' lifecycle: the usual test app, and before each test
 * Acme on the verified acme.example with a signed-in admin (`acme`, filled in
 * again for every test). The helpers act as Acme's admin.
 */
export function useAcmeAccounts(dialect: Dialect) {
  const app = useTestApp(dialect);
  const acme = {} as OrgWithAdmin;
  beforeEach(async () => {
    Object.assign(acme, await app.orgWithAdmin("Acme", "acme.example"));
  });

  /** Row counts of everything a refused account mutation could leave behind. */
  async function footprint() {
    return { account: await app.count("account"), address: await app.count("address"), audit: await app.count("audit_event") };
  }

  async function create(input: CreateAccountInput, token = acme.adminToken) {
    return (await app.request(CreateAccountDocument, { input }, token)).createAccount;
  }

  async function account(id: string) {
    return (await app.request(AccountDocument, { id }, acme.adminToken)).account;
  }

  async function resolve(address: string) {
    return (await app.request(ResolveDocument, { address }, acme.adminToken)).resolveAddress;
  }

  /** Display names of one page of at most 100 accounts, and the total. */
  async function list(args: AccountsQueryVariables = {}) {
    const page = (await app.request(AccountsDocument, { first: 100, ...args }, acme.adminToken)).accounts;
    return { totalCount: page.totalCount, names: page.edges.map((e) => e.node.displayName) };
  }

  /** The newest audit event about `targetId`: what was done, by whom, and the before/after summary. */
  async function lastAudit(targetId: string) {
    const node = (await app.request(AuditEventsDocument, { targetId, first: 1 }, acme.adminToken)).auditEvents.edges[0]?.node;
    return node && { action: node.action, actorLabel: node.actorLabel, summary: node.summary };
  }

  return { app, acme, footprint, create, account, resolve, list, lastAudit };
}
