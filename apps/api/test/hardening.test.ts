import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { print } from "graphql";
import { OutboxMailer } from "../src/mail/mailer";
import { createServer, type ServerDeps } from "../src/server";
import { dialects } from "./support/databases";
import { OPERATOR_EMAIL, OPERATOR_PASSWORD, type TestApp, useTestApp } from "./support/harness";
import { LoginDocument } from "./generated/graphql";

interface Running {
  base: string;
  close(): Promise<void>;
}

/** A second HTTP server over the test app's database and services, with its own settings. */
async function serve(app: TestApp, deps: Partial<ServerDeps>): Promise<Running> {
  const server = await createServer({ db: app.db, services: app.services, production: false, adminDist: null, ...deps });
  const http: Server = server.app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => http.once("listening", resolve));
  return {
    base: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await server.stop();
    },
  };
}

async function post(
  base: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ status: number; headers: Headers; body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } }> {
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as never };
}

/** A stand-in for apps/admin/dist: the console and the playground share one chunk, each has its own entry. */
function fakeConsoleBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "postroom-dist-"));
  fs.mkdirSync(path.join(dir, "assets"));
  fs.writeFileSync(
    path.join(dir, "index.html"),
    '<script type="module" src="/assets/index-A1.js"></script><link rel="modulepreload" href="/assets/shared-S1.js">console',
  );
  fs.writeFileSync(
    path.join(dir, "playground.html"),
    '<script type="module" src="/assets/playground-P1.js"></script><link rel="modulepreload" href="/assets/shared-S1.js"><link rel="stylesheet" href="/assets/playground-P1.css">playground',
  );
  for (const file of ["index-A1.js", "shared-S1.js", "playground-P1.js", "playground-P1.css"])
    fs.writeFileSync(path.join(dir, "assets", file), `/* ${file} */`);
  return dir;
}

describe.each(dialects())("production hardening (%s)", (dialect) => {
  const app = useTestApp(dialect);

  it("serves neither /playground nor /playground.html nor the playground's own assets in production", async () => {
    const dist = fakeConsoleBuild();
    const production = await serve(app, { production: true, adminDist: dist });
    const development = await serve(app, { production: false, adminDist: dist });
    try {
      for (const url of ["/playground", "/playground.html", "/assets/playground-P1.js", "/assets/playground-P1.css"]) {
        const res = await fetch(`${production.base}${url}`);
        expect([url, res.status, await res.text()]).toEqual([url, 404, "Not found.\n"]);
      }
      expect(await (await fetch(`${production.base}/`)).text()).toContain("console");
      expect((await fetch(`${production.base}/assets/shared-S1.js`)).status).toBe(200);
      expect((await fetch(`${production.base}/assets/index-A1.js`)).status).toBe(200);

      expect(await (await fetch(`${development.base}/playground`)).text()).toContain("playground");
      expect((await fetch(`${development.base}/assets/playground-P1.js`)).status).toBe(200);
    } finally {
      await production.close();
      await development.close();
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });

  it("suggests no name in any error message: enum values, fields, arguments, types, input fields", async () => {
    const production = await serve(app, { production: true });
    try {
      const cases: [string, Record<string, unknown>][] = [
        ["{ accounts(profile: ADMN) { totalCount } }", {}],
        ["query($p: AccountProfile) { accounts(profile: $p) { totalCount } }", { p: "ADMN" }],
        ["{ viewr { role } }", {}],
        ["{ accounts(profle: ADMIN) { totalCount } }", {}],
        ["query($p: AccountProfil) { accounts(profile: $p) { totalCount } }", { p: "ADMIN" }],
        ['mutation { createOrganization(input: { nme: "x" }) { id } }', {}],
        ["mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }", { i: { nme: "x" } }],
        ["{ viewer { rol } }", {}],
      ];
      for (const base of [production.base, app.url.replace(/\/graphql$/, "")]) {
        for (const [query, variables] of cases) {
          const res = await post(base, query, variables);
          const messages = (res.body.errors ?? []).map((e) => e.message);
          expect([query, messages.length > 0, messages.filter((m) => /did you mean/i.test(m))]).toEqual([query, true, []]);
          expect([query, [...new Set((res.body.errors ?? []).map((e) => e.extensions?.code))]]).toEqual([query, ["BAD_USER_INPUT"]]);
        }
      }
      const enumError = await post(production.base, "{ accounts(profile: ADMN) { totalCount } }");
      expect(enumError.body.errors?.[0].message).toBe('Value "ADMN" does not exist in "AccountProfile" enum.');
    } finally {
      await production.close();
    }
  });

  it("sends a Content-Security-Policy always, and HSTS and Secure cookies whenever PUBLIC_URL is https", async () => {
    const httpsDev = await serve(app, { production: false, publicUrl: "https://postroom.example" });
    const httpDev = await serve(app, { production: false, publicUrl: "http://localhost:4000" });
    const httpsProd = await serve(app, { production: true, publicUrl: "https://postroom.example" });
    try {
      for (const server of [httpsDev, httpsProd]) {
        const res = await post(server.base, print(LoginDocument), { email: OPERATOR_EMAIL, password: OPERATOR_PASSWORD });
        expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
        expect(res.headers.get("set-cookie")).toMatch(/;\s*Secure/i);
        expect(res.headers.get("content-security-policy")).toContain("script-src 'self';");
      }
      const plain = await post(httpDev.base, print(LoginDocument), { email: OPERATOR_EMAIL, password: OPERATOR_PASSWORD });
      expect(plain.headers.get("strict-transport-security")).toBeNull();
      expect(plain.headers.get("set-cookie")).not.toMatch(/;\s*Secure/i);
      const csp = plain.headers.get("content-security-policy") ?? "";
      expect(csp.split("; ")).toEqual(
        expect.arrayContaining(["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"]),
      );
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    } finally {
      await httpsDev.close();
      await httpDev.close();
      await httpsProd.close();
    }
  });

  it("prints confirmation links in the outbox log only in development", async () => {
    const message = {
      to: "someone@elsewhere.example",
      subject: "Confirm your alias",
      text: "t",
      html: "h",
      logHint: "http://console.postroom.test/confirm-alias#t=secret-token",
    };
    const productionLog: string[] = [];
    await new OutboxMailer(app.db, "Postroom <p@postroom.test>", (line) => productionLog.push(line)).send(message);
    const developmentLog: string[] = [];
    await new OutboxMailer(app.db, "Postroom <p@postroom.test>", (line) => developmentLog.push(line), { showLinks: true }).send(message);
    expect(productionLog).toEqual(["[outbox] to someone@elsewhere.example: Confirm your alias"]);
    expect(developmentLog).toEqual(["[outbox] to someone@elsewhere.example: Confirm your alias — http://console.postroom.test/confirm-alias#t=secret-token"]);
    // The outbox itself keeps the message either way, for operators.
    expect(await app.count("outbox_message")).toBe(2);
  });
});
