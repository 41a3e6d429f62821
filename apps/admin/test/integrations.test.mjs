// The Integrations page: an API key created in the console (by keyboard) and
// used by a script against /graphql, its last use shown, rotated and revoked;
// a webhook endpoint delivering to a real loopback receiver, signed per
// Standard Webhooks, with its delivery log, Send test, Redeliver, secret
// rotation and deletion.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { test } from "node:test";
import { Webhook } from "standardwebhooks";
import { adminDir, organizationWithDomain, prerequisitesMet, seriousViolations, useConsole } from "./support/harness.mjs";
import { tabTo } from "./support/seed.mjs";
import { WebhookReceiver } from "./support/webhook-receiver.mjs";

const ctx = useConsole({ env: { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" } });
const api = createRequire(import.meta.url);
const apiDist = resolve(adminDir, "../api/dist");
const PASSWORD = "integrations admin password";
const DAY = 86_400_000;

const KEYS = "query ($o: ID) { apiKeys(organizationId: $o) { edges { node { name scopes domains allowedIps expiresAt lastUsedAt lastUsedIp revokedAt } } } }";
const ADD_ALIAS = "mutation ($i: AddAliasInput!) { addAlias(input: $i) { alias { address status } } }";
const RESOLVE = "query ($a: String!) { resolveAddress(address: $a) { kind account { id } } }";

/** Presses Tab until the focused control's label matches `pattern`; keyboard only. */
async function tabToLabel(page, pattern, limit = 60) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const label = await page.evaluate(() => {
      const el = document.activeElement;
      return (el?.labels?.[0]?.textContent || el?.getAttribute("aria-label") || el?.textContent || "").trim();
    });
    if (pattern.test(label)) return;
  }
  throw new Error(`Tab never reached ${pattern}`);
}

/** Nothing wider than the viewport: the page scrolls only vertically. */
async function fitsWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

async function adminOf(token, name, domain) {
  const { organizationId } = await organizationWithDomain(ctx, token, name, domain);
  const create = "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }";
  await ctx.graphql(
    create,
    { input: { organizationId, displayName: "Ida Admin", primaryAddress: `ida@${domain}`, profile: "ADMIN", password: PASSWORD } },
    token,
  );
  const { createAccount: target } = await ctx.graphql(create, { input: { organizationId, displayName: "Tom Target", primaryAddress: `tom@${domain}` } }, token);
  return { organizationId, targetId: target.id };
}

test(
  "an admin creates a key by keyboard, an integration uses it, the page shows its last use, and rotation and revocation take effect",
  { timeout: 120_000 },
  async (t) => {
    if (!prerequisitesMet(t)) return;
    const token = await ctx.operatorToken();
    const { organizationId, targetId } = await adminOf(token, "Keys Ltd", "keys.example");
    const call = (secret, query, variables) =>
      fetch(`${ctx.baseUrl}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json());

    const { context, page, pageErrors } = await ctx.openPage();
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    try {
      await ctx.signIn(page, "/integrations", "ida@keys.example", PASSWORD);
      await page.getByText("No API keys yet").waitFor();
      assert.equal(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Integrations" }).getAttribute("aria-current"), "page");
      assert.deepEqual(await seriousViolations(page), []);

      // The whole dialog by keyboard: open, name, a scope, a domain, allowed IPs, submit.
      await tabTo(page, "Create API key");
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: "Create an API key" });
      await dialog.waitFor();
      // Every scope the API knows, in its order.
      const { KEY_SCOPES } = api(resolve(apiDist, "auth/scopes.js"));
      const scopes = dialog.getByRole("group", { name: "Scopes" }).getByRole("checkbox");
      assert.deepEqual(await scopes.evaluateAll((boxes) => boxes.map((b) => b.labels[0].textContent.trim())), [...KEY_SCOPES]);
      assert.match(
        await dialog
          .getByRole("combobox", { name: /Expires/ })
          .locator("option:checked")
          .textContent(),
        /In 90 days/,
      );
      await page.keyboard.type("HR sync");
      await tabToLabel(page, /^addresses:write$/);
      await page.keyboard.press("Space");
      // Write includes read: the read box is checked and locked.
      const read = dialog.getByRole("checkbox", { name: "addresses:read", exact: true });
      assert.equal(await read.isChecked(), true);
      assert.equal(await read.isDisabled(), true);
      await dialog.getByText("Included in addresses:write").waitFor();
      await tabToLabel(page, /^keys\.example$/);
      await page.keyboard.press("Space");
      await tabToLabel(page, /^Allowed IP addresses/);
      await page.keyboard.type("127.0.0.0/8,\n::1");
      assert.deepEqual(await seriousViolations(page), []);
      await tabToLabel(page, /^Create key$/);
      await page.keyboard.press("Enter");

      // The secret, once.
      const shown = page.getByRole("dialog", { name: "Secret of HR sync" });
      await shown.waitFor();
      await shown.getByText("You will not see it again").waitFor();
      const secret = await shown.getByRole("textbox", { name: "API key secret" }).inputValue();
      assert.match(secret, /^prk_[A-Za-z0-9_-]{40,}$/);
      await shown.getByRole("button", { name: "Copy API key secret" }).click();
      await shown.getByText("API key secret copied").waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
      assert.deepEqual(await seriousViolations(page), []);
      // A click outside does not lose it.
      await page.mouse.click(5, 5);
      assert.equal(await shown.isVisible(), true);
      await shown.getByRole("button", { name: "I have copied it" }).click();
      await shown.waitFor({ state: "detached" });
      assert.equal(await page.getByText(secret).count(), 0);

      const [stored] = (await ctx.graphql(KEYS, { o: organizationId }, token)).apiKeys.edges.map((e) => e.node);
      assert.deepEqual(
        { name: stored.name, scopes: stored.scopes, domains: stored.domains, allowedIps: stored.allowedIps, lastUsedAt: stored.lastUsedAt },
        { name: "HR sync", scopes: ["addresses:read", "addresses:write"], domains: ["keys.example"], allowedIps: ["127.0.0.0/8", "::1"], lastUsedAt: null },
      );
      const lifetime = new Date(stored.expiresAt).getTime() - Date.now();
      assert.ok(lifetime > 89 * DAY && lifetime <= 90 * DAY, `expires in ${lifetime / DAY} days`);
      const row = () => page.getByRole("table", { name: "API keys" }).getByRole("row", { name: /HR sync/ });
      const listed = await row().textContent();
      assert.match(listed, /Active/);
      assert.match(listed, /addresses:readaddresses:write/);
      assert.match(listed, /Writes on keys\.exampleFrom 127\.0\.0\.0\/8, ::1/);
      assert.match(listed, /Never/);

      // The integration: a script with the key adds an alias through /graphql.
      const added = await call(secret, ADD_ALIAS, { i: { accountId: targetId, address: "tom.sales@keys.example" } });
      assert.deepEqual(added, { data: { addAlias: { alias: { address: "tom.sales@keys.example", status: "ACTIVE" } } }, extensions: added.extensions });
      assert.deepEqual((await ctx.graphql(RESOLVE, { a: "tom.sales@keys.example" }, token)).resolveAddress, { kind: "ALIAS", account: { id: targetId } });

      // After a reload the page shows when and from where it was last used.
      await page.reload();
      await row().waitFor();
      const [used] = (await ctx.graphql(KEYS, { o: organizationId }, token)).apiKeys.edges.map((e) => e.node);
      assert.match(used.lastUsedIp, /127\.0\.0\.1/);
      const usedText = await row().textContent();
      assert.doesNotMatch(usedText, /Never/);
      assert.match(usedText, new RegExp(`from ${used.lastUsedIp.replace(/[.:]/g, "\\$&")}`));

      // Rotate: a new secret once; the old one works for 24 hours, and the page says until when.
      await page.getByRole("button", { name: "Rotate HR sync" }).click();
      await page
        .getByRole("dialog", { name: "Rotate HR sync?" })
        .getByText(/keeps working for 24 hours/)
        .waitFor();
      await page.getByRole("dialog", { name: "Rotate HR sync?" }).getByRole("button", { name: "Rotate secret" }).click();
      const rotated = page.getByRole("dialog", { name: "New secret of HR sync" });
      await rotated.getByText(/The previous secret keeps working until .+; after that only this one does\./).waitFor();
      const newSecret = await rotated.getByRole("textbox", { name: "API key secret" }).inputValue();
      assert.notEqual(newSecret, secret);
      await rotated.getByRole("button", { name: "I have copied it" }).click();
      await row().getByText("Rotating").waitFor();
      for (const s of [secret, newSecret]) assert.deepEqual((await call(s, "{ viewer { role } }")).data, { viewer: { role: "API_KEY" } });

      // Revoke, after a confirmation: both secrets are refused at once.
      await page.getByRole("button", { name: "Revoke HR sync" }).click();
      const confirm = page.getByRole("dialog", { name: "Revoke HR sync?" });
      assert.deepEqual(await seriousViolations(page), []);
      await confirm.getByRole("button", { name: "Revoke key" }).click();
      await confirm.waitFor({ state: "detached" });
      await row().getByText("Revoked").waitFor();
      await page
        .getByRole("status", { name: "Notifications" })
        .getByText("API key HR sync is revoked: every request with it is refused from now on.")
        .waitFor();
      assert.equal(await page.getByRole("button", { name: "Revoke HR sync" }).count(), 0);
      for (const s of [secret, newSecret]) {
        const refused = await call(s, ADD_ALIAS, { i: { accountId: targetId, address: "tom.more@keys.example" } });
        assert.deepEqual(
          refused.errors.map((e) => e.extensions.code),
          ["UNAUTHENTICATED"],
        );
      }
      assert.equal((await ctx.graphql(RESOLVE, { a: "tom.more@keys.example" }, token)).resolveAddress, null);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  },
);

test(
  "an operator adds a webhook endpoint for an organization, tests it, follows its delivery log, rotates its secret and deletes it",
  { timeout: 120_000 },
  async (t) => {
    if (!prerequisitesMet(t)) return;
    const token = await ctx.operatorToken();
    const { organizationId } = await organizationWithDomain(ctx, token, "Hooks Ltd", "hooks.example");
    const receiver = await new WebhookReceiver().start();
    const verify = (secret, hook) => new Webhook(secret).verify(hook.body, hook.headers);
    const { context, page, pageErrors } = await ctx.openPage();
    try {
      await ctx.signIn(page, `/integrations?org=${organizationId}&tab=webhooks`);
      await page.getByText("No webhook endpoints yet").waitFor();
      assert.equal(await page.getByRole("tab", { name: "Webhooks" }).getAttribute("aria-selected"), "true");
      assert.deepEqual(await seriousViolations(page), []);

      await page.getByRole("button", { name: "Add endpoint" }).click();
      const dialog = page.getByRole("dialog", { name: "Add a webhook endpoint" });
      // Every event type the API knows is offered.
      const { EVENT_TYPES } = api(resolve(apiDist, "events/event-types.js"));
      const offered = await dialog
        .getByRole("group", { name: "Event types" })
        .getByRole("checkbox")
        .evaluateAll((boxes) => boxes.map((b) => b.labels[0].textContent.trim()));
      assert.deepEqual(offered.filter((name) => !/\(all\)$/.test(name)).sort(), [...EVENT_TYPES].sort());
      // A private address is refused, at the field, in the server's words.
      await dialog.getByLabel("URL").fill("http://10.1.2.3/hook");
      await dialog.getByRole("button", { name: "Add endpoint" }).click();
      await dialog.getByText(/url's host 10\.1\.2\.3 is not a public address/).waitFor();
      assert.equal(await dialog.getByLabel("URL").getAttribute("aria-invalid"), "true");
      await dialog.getByLabel("URL").fill(receiver.url);
      await dialog.getByLabel("Description (optional)").fill("CRM sync");
      // React Aria hides the native input visually: press the box by its label, as a person would.
      await dialog.getByText("Accounts (all)").click();
      assert.equal(await dialog.getByRole("checkbox", { name: "account.offboarded" }).isChecked(), true);
      assert.deepEqual(await seriousViolations(page), []);
      await dialog.getByRole("button", { name: "Add endpoint" }).click();

      const shown = page.getByRole("dialog", { name: `Signing secret of ${receiver.url}` });
      const secret = await shown.getByRole("textbox", { name: "Signing secret" }).inputValue();
      assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
      await shown.getByRole("button", { name: "I have copied it" }).click();
      // On to the endpoint's own page, a deep link.
      await page.waitForURL(/\/integrations\/webhooks\/[\w-]+/);
      const endpointId = new URL(page.url()).pathname.split("/").at(-1);
      await page.getByRole("heading", { name: receiver.url, level: 1 }).waitFor();
      const { webhookEndpoint } = await ctx.graphql(
        "query ($id: ID!) { webhookEndpoint(id: $id) { url types description enabled } }",
        { id: endpointId },
        token,
      );
      assert.deepEqual(webhookEndpoint, {
        url: receiver.url,
        types: ["account.created", "account.disabled", "account.enabled", "account.offboarded", "account.updated"],
        description: "CRM sync",
        enabled: true,
      });
      await page.getByText("No deliveries yet").waitFor();
      assert.deepEqual(await seriousViolations(page), []);

      // Send test: the receiver fails once (HTTP 500), the page says so, and the retry five seconds later succeeds.
      receiver.plan = [500];
      await page.getByRole("button", { name: "Send test" }).click();
      await page.getByRole("alert").filter({ hasText: "Test not delivered yet" }).getByText("The endpoint answered HTTP 500.").waitFor({ timeout: 20_000 });
      const log = page.getByRole("table", { name: "Deliveries" });
      await log
        .getByRole("row", { name: /webhook\.test/ })
        .getByText("HTTP 500")
        .waitFor();
      await page.getByRole("alert").filter({ hasText: "Test delivered" }).getByText("The receiver answered HTTP 204.").waitFor({ timeout: 30_000 });
      const testRow = log.getByRole("row", { name: /webhook\.test/ });
      assert.match(await testRow.textContent(), /DeliveredHTTP 2042/);
      const [first, second] = receiver.received;
      assert.equal(first.headers["webhook-id"], second.headers["webhook-id"]);
      for (const header of ["webhook-id", "webhook-timestamp", "webhook-signature"]) assert.ok(second.headers[header], header);
      assert.deepEqual(verify(secret, second).type, "webhook.test");
      assert.match(await testRow.textContent(), new RegExp(second.headers["webhook-id"]));

      // A real change: an account created in the organization reaches the receiver and the log.
      await ctx.graphql(
        "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
        { input: { organizationId, displayName: "Eve Event", primaryAddress: "eve@hooks.example" } },
        token,
      );
      const created = await receiver.next((hook) => JSON.parse(hook.body).type === "account.created");
      assert.equal(verify(secret, created).data.after.displayName, "Eve Event");
      await page.getByRole("button", { name: "Refresh" }).click();
      const eventRow = log.getByRole("row", { name: /account\.created/ });
      await eventRow.getByText("Delivered", { exact: true }).waitFor();
      assert.match(await eventRow.textContent(), /HTTP 204/);

      // Rotate the secret (shown once), then Redeliver: signed with the new and, for a day, the old secret.
      await page.getByRole("button", { name: "Rotate secret" }).click();
      await page.getByRole("dialog", { name: "Rotate the signing secret?" }).getByRole("button", { name: "Rotate secret" }).click();
      const rotated = page.getByRole("dialog", { name: `New signing secret of ${receiver.url}` });
      const newSecret = await rotated.getByRole("textbox", { name: "Signing secret" }).inputValue();
      assert.notEqual(newSecret, secret);
      await rotated.getByRole("button", { name: "I have copied it" }).click();
      const before = receiver.received.length;
      await eventRow.getByRole("button", { name: /^Redeliver account\.created/ }).click();
      const again = await receiver.next((hook) => receiver.received.indexOf(hook) >= before);
      assert.equal(again.headers["webhook-id"], created.headers["webhook-id"]);
      assert.equal(verify(newSecret, again).type, "account.created");
      assert.equal(verify(secret, again).type, "account.created");
      await eventRow.getByRole("cell", { name: "2", exact: true }).waitFor();

      // A reload keeps the place.
      await page.reload();
      await log.getByRole("row", { name: /account\.created/ }).waitFor();
      assert.deepEqual(await seriousViolations(page), []);

      // At 390 px wide nothing overflows sideways.
      const narrow = await ctx.openPage({ viewport: { width: 390, height: 800 } });
      try {
        await ctx.signIn(narrow.page, `/integrations/webhooks/${endpointId}?org=${organizationId}`);
        await narrow.page.getByRole("table", { name: "Deliveries" }).waitFor();
        assert.equal(await fitsWidth(narrow.page), true);
        await narrow.page.goto(`${ctx.baseUrl}/integrations?org=${organizationId}`);
        await narrow.page.getByRole("button", { name: "Create API key" }).click();
        await narrow.page.getByRole("dialog", { name: "Create an API key" }).waitFor();
        assert.equal(await fitsWidth(narrow.page), true);
      } finally {
        await narrow.context.close();
      }

      // Disable, then delete (after a confirmation): back to the list, which is empty again.
      await page.getByRole("button", { name: "Disable" }).click();
      await page.getByRole("button", { name: "Enable" }).waitFor();
      assert.equal((await ctx.graphql("query ($id: ID!) { webhookEndpoint(id: $id) { enabled } }", { id: endpointId }, token)).webhookEndpoint.enabled, false);
      await page.getByRole("button", { name: "Delete" }).click();
      await page.getByRole("dialog", { name: "Delete this webhook endpoint?" }).getByRole("button", { name: "Delete endpoint" }).click();
      await page.getByText("No webhook endpoints yet").waitFor();
      assert.equal(new URL(page.url()).searchParams.get("tab"), "webhooks");
      const { webhookEndpoints } = await ctx.graphql("query ($o: ID) { webhookEndpoints(organizationId: $o) { totalCount } }", { o: organizationId }, token);
      assert.equal(webhookEndpoints.totalCount, 0);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
      await receiver.stop();
    }
  },
);
