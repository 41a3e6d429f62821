import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { type Database, openDatabase } from "../../src/db/database";
import { DnsTxtLookup } from "../../src/dns/txt-resolver";
import { OutboxMailer, SmtpMailer } from "../../src/mail/mailer";
import { type JobHandler, JobWorker, type WorkerOptions } from "../../src/jobs/job.worker";
import { createServer, type PostroomServer } from "../../src/server";
import { createServices, jobHandlers, type Services } from "../../src/services";
import { createTestDatabase, type Dialect, type TestDatabase } from "./databases";
import { LoopbackDnsServer } from "./dns-server";
import {
  type CreateAccountInput,
  HarnessAddDomainDocument,
  HarnessAuditActionsDocument,
  HarnessCreateAccountDocument,
  HarnessCreateOrganizationDocument,
  HarnessLoginDocument,
  HarnessVerifyDomainDocument,
  type MailService,
} from "../generated/graphql";

export const OPERATOR_EMAIL = "ops@postroom.test";
export const OPERATOR_PASSWORD = "operator-password-1";

export interface GqlError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
  path?: (string | number)[];
}

export interface GqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: GqlError[];
  body: string;
  headers: Headers;
}

// What must never reach a client: driver and ORM names, SQL, stack frames.
const LEAKS = [
  /QueryFailedError/,
  /\bSQLITE_[A-Z_]+/,
  /\bER_[A-Z_]{3,}/,
  /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b[^"]*\b(FROM|VALUES|SET|WHERE)\b/,
  /\bat [\w.<>]+ \(.*:\d+:\d+\)/,
  /node_modules/,
  /"stacktrace"/,
  /TypeORM|better-sqlite3|mysql2/i,
];

export function assertNoLeak(body: string): void {
  for (const pattern of LEAKS) {
    if (pattern.test(body)) throw new Error(`response leaks internals (${pattern}): ${body.slice(0, 500)}`);
  }
}

export interface TestClock {
  offsetMs: number;
  frozenMs: number | null;
}

export class TestApp {
  operatorToken = "";
  /** Moves the services' clock (expiry rules) without touching the system's; `frozenMs` stops it at one instant. */
  clock: TestClock = { offsetMs: 0, frozenMs: null };
  url = "";
  unexpectedErrors: unknown[] = [];
  /** False for a second server over another app's database: that app drops it. */
  private ownsDatabase = true;
  private http!: Server;
  private server!: PostroomServer;

  private constructor(
    readonly dialect: Dialect,
    readonly database: TestDatabase,
    readonly db: Database,
    readonly services: Services,
    readonly dns: LoopbackDnsServer,
  ) {}

  /** A real server on an ephemeral loopback port over a fresh database of `dialect`. */
  static async start(
    dialect: Dialect,
    options: {
      smtpUrl?: string;
      aliasConfirmationTtlMs?: number;
      provisioningDelayMs?: number;
      /** Cost budgets (off unless given, so suites never wait for a bucket). */
      costBudget?: { bucketSize: number; restoreRate: number };
      /** Another server over this database (the same `database`), as a second API process. */
      database?: TestDatabase;
    } = {},
  ): Promise<TestApp> {
    const database = options.database ?? (await createTestDatabase(dialect));
    const dns = new LoopbackDnsServer();
    await dns.start();
    const db = await openDatabase(database.url);
    const clock: TestClock = { offsetMs: 0, frozenMs: null };
    const mailer = options.smtpUrl
      ? new SmtpMailer(options.smtpUrl, "Postroom <postroom@postroom.test>")
      : new OutboxMailer(db, "Postroom <postroom@postroom.test>", () => {});
    const services = createServices({
      db,
      dns: new DnsTxtLookup([dns.server]),
      mailer,
      publicUrl: "http://console.postroom.test",
      sessionTtlMs: 3_600_000,
      aliasConfirmationTtlMs: options.aliasConfirmationTtlMs,
      provisioningDelayMs: options.provisioningDelayMs,
      now: () => new Date(clock.frozenMs ?? Date.now() + clock.offsetMs),
      costBudget: options.costBudget,
      webhooks: { allowedHosts: ["127.0.0.1"], requireHttps: false },
    });
    const app = new TestApp(dialect, database, db, services, dns);
    app.clock = clock;
    app.ownsDatabase = !options.database;
    app.server = await createServer({
      db,
      services,
      production: false,
      adminDist: null,
      logError: (e) => app.unexpectedErrors.push(e),
      now: () => new Date(clock.frozenMs ?? Date.now() + clock.offsetMs),
    });
    app.http = app.server.app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => app.http.once("listening", resolve));
    app.url = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}/graphql`;
    await services.auth.bootstrapOperator(OPERATOR_EMAIL, OPERATOR_PASSWORD);
    app.operatorToken = await app.login(OPERATOR_EMAIL, OPERATOR_PASSWORD);
    return app;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    await this.server.stop();
    await this.db.close();
    await this.dns.stop();
    if (this.ownsDatabase) await this.database.drop();
  }

  /** Empties every table but the operator's, between tests. */
  async reset(): Promise<void> {
    await this.services.costBudget.releaseLeases();
    await this.db.transaction(async (m) => {
      for (const table of [
        "idempotency_request",
        "api_key",
        "webhook_delivery",
        "webhook_endpoint",
        "event",
        "cost_bucket",
        "session",
        "login_failure",
        "alias_claim",
        "outbox_message",
        "job",
        "provider_ledger",
        "group_owner",
        "group_member",
        "address",
        "distribution_group",
        "account",
        "domain",
        "audit_event",
        "organization",
      ])
        await m.query(`DELETE FROM ${table}`);
    });
    this.dns.records.clear();
    this.clock.offsetMs = 0;
    this.clock.frozenMs = null;
    this.unexpectedErrors = [];
    this.operatorToken = await this.login(OPERATOR_EMAIL, OPERATOR_PASSWORD);
  }

  /**
   * A job worker over this app's database, as the API process runs one; the
   * test drives it with `runDue()`. `handlers` defaults to the product's own.
   */
  worker(options: WorkerOptions = {}, handlers: Record<string, JobHandler> = jobHandlers(this.services)): JobWorker {
    return new JobWorker(this.db, handlers, options);
  }

  /**
   * One GraphQL request over HTTP, a typed document (test/documents) or a raw
   * string (for what no client would send); every response is checked for leaks.
   */
  async gql<TResult, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
    token?: string | null,
    headers?: Record<string, string>,
  ): Promise<GqlResponse<TResult>>;
  async gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null, headers?: Record<string, string>): Promise<GqlResponse<T>>;
  async gql<T>(
    query: string | TypedDocumentNode<T, Record<string, unknown>>,
    variables: Record<string, unknown> = {},
    token: string | null = this.operatorToken,
    headers: Record<string, string> = {},
  ): Promise<GqlResponse<T>> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query: typeof query === "string" ? query : print(query), variables }),
    });
    const body = await response.text();
    assertNoLeak(body);
    let parsed: { data?: T; errors?: GqlError[] } = {};
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = {};
    }
    return { status: response.status, data: parsed.data ?? undefined, errors: parsed.errors, body, headers: response.headers };
  }

  /**
   * Sends a typed document (test/documents, generated into test/generated)
   * as a client would; expects success and returns its typed data.
   */
  async request<TResult, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
    token: string | null = this.operatorToken,
  ): Promise<TResult> {
    return this.ok<TResult>(print(document), variables, token);
  }

  /** Expects success and returns data. */
  async ok<T = any>(query: string, variables: Record<string, unknown> = {}, token: string | null = this.operatorToken): Promise<T> {
    const res = await this.gql<T>(query, variables, token);
    if (res.errors?.length || res.status !== 200) throw new Error(`expected success, got ${res.status}: ${res.body}`);
    return res.data as T;
  }

  /** Expects exactly one refusal and returns its code. */
  async code<TVariables extends Record<string, unknown>>(
    query: string | TypedDocumentNode<unknown, TVariables>,
    variables: TVariables | Record<string, unknown> = {},
    token: string | null = this.operatorToken,
  ): Promise<string> {
    const res = await this.gql(typeof query === "string" ? query : print(query), variables, token);
    if (!res.errors || res.errors.length !== 1) throw new Error(`expected one error, got ${res.status}: ${res.body}`);
    if (res.status >= 500) throw new Error(`refusal answered with HTTP ${res.status}: ${res.body}`);
    return res.errors[0].extensions?.code ?? "NO_CODE";
  }

  async login(email: string, password: string): Promise<string> {
    return (await this.request(HarnessLoginDocument, { email, password }, null)).login.token;
  }

  async createOrg(name = "Acme"): Promise<string> {
    return (await this.request(HarnessCreateOrganizationDocument, { name })).createOrganization.id;
  }

  /** Adds a domain and verifies it through the loopback DNS server, as an owner would. */
  async verifiedDomain(organizationId: string, name: string, mailService: MailService = "EXCHANGE"): Promise<{ id: string; name: string }> {
    const added = (await this.request(HarnessAddDomainDocument, { input: { organizationId, name, mailService } })).addDomain;
    const record = added.verificationRecord!;
    this.dns.setTxt(record.name, [...(this.dns.records.get(record.name) ?? []), record.value]);
    await this.request(HarnessVerifyDomainDocument, { id: added.id });
    return { id: added.id, name: added.name };
  }

  async createAccount(
    organizationId: string,
    input: Omit<CreateAccountInput, "organizationId" | "displayName"> & { displayName?: string },
    token = this.operatorToken,
  ): Promise<string> {
    const data = await this.request(
      HarnessCreateAccountDocument,
      { input: { organizationId, ...input, displayName: input.displayName ?? input.primaryAddress.split("@")[0] } },
      token,
    );
    return data.createAccount.id;
  }

  /** An organization with a verified domain and a signed-in admin. */
  async orgWithAdmin(name: string, domain: string): Promise<{ orgId: string; adminId: string; adminToken: string; domain: string }> {
    const orgId = await this.createOrg(name);
    const d = await this.verifiedDomain(orgId, domain);
    const email = `admin@${d.name}`;
    const adminId = await this.createAccount(orgId, { displayName: `${name} Admin`, primaryAddress: email, profile: "ADMIN", password: "admin-password-1" });
    return { orgId, adminId, adminToken: await this.login(email, "admin-password-1"), domain: d.name };
  }

  /** Rows in a table, or the single count a `SELECT COUNT(*) AS n …` statement returns. */
  async count(tableOrSql: string, params: unknown[] = []): Promise<number> {
    const sql = /\s/.test(tableOrSql) ? tableOrSql : `SELECT COUNT(*) AS n FROM ${tableOrSql}`;
    const rows: { n: number | string }[] = await this.db.manager.query(sql, params);
    return Number(rows[0].n);
  }

  /** The organization's audit actions, newest first. */
  async auditActions(organizationId: string): Promise<string[]> {
    const data = await this.request(HarnessAuditActionsDocument, { organizationId });
    return data.auditEvents.edges.map((e) => e.node.action);
  }
}

/**
 * The usual suite lifecycle: one app per dialect for the file, emptied before
 * each test, and no unexpected (masked) server error allowed after it. Returns
 * a stand-in that forwards to the app once it has started.
 */
export function useTestApp(dialect: Dialect, options?: Parameters<typeof TestApp.start>[1]): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await TestApp.start(dialect, options);
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(async () => {
    await current?.reset();
  });
  afterEach(() => {
    expect(current?.unexpectedErrors).toEqual([]);
  });
  return lateApp(() => current);
}

/** A stand-in for an app a `beforeAll` starts: it forwards to `current()` once that is set. */
export function lateApp(current: () => TestApp | undefined): TestApp {
  const started = (): TestApp => {
    const app = current();
    if (!app) throw new Error("the test app is not started yet");
    return app;
  };
  return new Proxy({} as TestApp, {
    get(_target, prop) {
      const app = started();
      const value = Reflect.get(app, prop, app);
      return typeof value === "function" ? value.bind(app) : value;
    },
    set(_target, prop, value) {
      const app = started();
      return Reflect.set(app, prop, value, app);
    },
  });
}
