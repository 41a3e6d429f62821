import { createHash } from "node:crypto";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { AccountAliasesDocument, AddAliasDocument, type AliasClaimDetailsFragment, RequestAliasDocument, ResolveDocument } from "../generated/graphql";
import type { Dialect } from "./databases";
import { type GqlError, lateApp, TestApp } from "./harness";
import { type ReceivedMessage, SmtpSink } from "./smtp-sink";

/** Shared by the alias suites (aliases-self-service, alias-claims, alias-refusals, alias-tokens). */

export const PUBLIC_URL = "http://console.postroom.test";
const LINK = /http:\/\/console\.postroom\.test\/confirm-alias#t=([A-Za-z0-9_-]{43})/g;
export const MINUTE = 60_000;
export const DAY = 24 * 3_600_000;

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** The distinct confirmation links in a message body (a well-formed message has exactly one). */
export function linksIn(body: string): string[] {
  return [...new Set([...body.matchAll(LINK)].map((m) => m[0]))];
}

/** The token a confirmation link carries in its fragment. */
export function tokenOfLink(link: string): string {
  return link.slice(`${PUBLIC_URL}/confirm-alias#t=`.length);
}

/** A pending claim, the message mailed for it and that message's token. */
export interface MailedClaim {
  claim: AliasClaimDetailsFragment;
  message: ReceivedMessage;
  token: string;
}

/**
 * The alias suites' lifecycle: an app that sends its mail over real SMTP to a
 * loopback sink, both emptied before each test; no unexpected server error
 * and no unreadable message allowed after it. Returns the app, the sink and
 * helpers that read the state a refusal must leave alone.
 */
export function useAliasMail(dialect: Dialect) {
  const sink = new SmtpSink();
  let current: TestApp | undefined;

  beforeAll(async () => {
    await sink.start();
    current = await TestApp.start(dialect, { smtpUrl: sink.url });
  });
  afterAll(async () => {
    await current?.close();
    await sink.stop();
  });
  beforeEach(async () => {
    await current?.reset();
    sink.clear();
  });
  afterEach(() => {
    expect(current?.unexpectedErrors).toEqual([]);
    expect(sink.errors).toEqual([]);
  });

  const app = lateApp(() => current);

  async function query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    return app.db.manager.query(sql);
  }

  async function count(table: string, where = ""): Promise<number> {
    return app.count(`SELECT COUNT(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ""}`);
  }

  async function aliasRows(address: string): Promise<number> {
    return count("address", `address = '${address}' AND kind = 'ALIAS'`);
  }

  /** Everything a refused call must leave alone: address rows, claim rows (tokens included), audit trail, mail sent. */
  async function state() {
    return {
      addresses: await query("SELECT id, address, kind, status, account_id FROM address ORDER BY id"),
      claims: await query("SELECT id, account_id, address, token_hash, expires_at, used_at, send_count, window_started_at FROM alias_claim ORDER BY id"),
      auditEvents: await count("audit_event"),
      mails: sink.messages.length,
    };
  }

  /** Expects exactly one refusal with `code`, answered without a 5xx, that changed nothing. */
  async function refuse<TResult, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
    token: string | null,
    code: string,
  ): Promise<GqlError> {
    const before = await state();
    const res = await app.gql(document, variables, token);
    expect(res.status).toBeLessThan(500);
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0].extensions?.code).toBe(code);
    expect(await state()).toEqual(before);
    return res.errors?.[0] as GqlError;
  }

  /** Acme Widgets on acme.test with an admin and Bob, a PROFESSIONAL account that signs in. */
  async function world() {
    const acme = await app.orgWithAdmin("Acme Widgets", "acme.test");
    const bobId = await app.createAccount(acme.orgId, {
      displayName: "Bob Builder",
      primaryAddress: "bob@acme.test",
      profile: "PROFESSIONAL",
      password: "bob-password-1",
    });
    const bob = await app.login("bob@acme.test", "bob-password-1");
    return { acme, bobId, bob };
  }

  /** The token of the message's confirmation link; the text and HTML parts carry the same link. */
  function tokenOf(message: ReceivedMessage): string {
    const links = linksIn(message.text ?? "");
    expect(links).toHaveLength(1);
    expect(linksIn(message.html ?? "")).toEqual(links);
    return tokenOfLink(links[0]);
  }

  /** Requests (or adds) an alias that needs confirmation and returns the claim and the token mailed for it. */
  async function claim(accountId: string, address: string, as: string, via: "requestAlias" | "addAlias" = "requestAlias"): Promise<MailedClaim> {
    const variables = { input: { accountId, address } };
    const payload =
      via === "addAlias"
        ? (await app.request(AddAliasDocument, variables, as)).addAlias
        : (await app.request(RequestAliasDocument, variables, as)).requestAlias;
    expect(payload.alias).toBeNull();
    expect(payload.claim).not.toBeNull();
    const message = await sink.next(payload.claim!.address);
    return { claim: payload.claim!, message, token: tokenOf(message) };
  }

  async function account(id: string, as = app.operatorToken) {
    return (await app.request(AccountAliasesDocument, { id }, as)).account;
  }

  async function resolve(address: string) {
    return (await app.request(ResolveDocument, { address })).resolveAddress;
  }

  return { app, sink, query, count, aliasRows, state, refuse, world, tokenOf, claim, account, resolve };
}
