// The domains page: add (with the server's refusals at the field), the TXT
// record to publish, Check now against a loopback DNS server, mail service,
// and removal refused while addresses use the domain.
import assert from "node:assert/strict";
import { test } from "node:test";
import { prerequisitesMet, seriousViolations, useConsole } from "./support/harness.mjs";

const ctx = useConsole();

test("an operator adds a domain, sees what Check now found, publishes the record and verifies it", { timeout: 90_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const token = await ctx.operatorToken();
  const { createOrganization: org } = await ctx.graphql(
    "mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }",
    { input: { name: "Domains Inc" } },
    token,
  );
  const { context, page, pageErrors } = await ctx.openPage();
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  try {
    await ctx.signIn(page, `/domains?org=${org.id}`);
    await page.getByText("No domains yet").waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole("button", { name: "Add domain" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a domain" });
    const name = dialog.getByLabel("Domain name");
    // A public mail provider: the server's message, at the field.
    await name.fill("gmail.com");
    await dialog.getByRole("button", { name: "Add domain" }).click();
    await dialog.getByText("gmail.com is a public mail provider; only your organization's own domains can be added.").waitFor();
    assert.equal(await name.getAttribute("aria-invalid"), "true");
    assert.deepEqual(await seriousViolations(page), []);
    // Not a domain name at all.
    await name.fill("not a domain");
    await dialog.getByRole("button", { name: "Add domain" }).click();
    // The canonicalizer's own words, at the field, in place of the previous refusal.
    await dialog.getByText("gmail.com is a public mail provider").waitFor({ state: "detached" });
    await page.waitForFunction(() => document.querySelector('[role="dialog"] input')?.getAttribute("aria-invalid") === "true");
    const described = (await name.getAttribute("aria-describedby")).split(" ");
    const messages = await Promise.all(
      described.map((id) =>
        page
          .locator(`[id="${id}"]`)
          .textContent()
          .catch(() => ""),
      ),
    );
    const invalidMessage = messages.find((m) => m && !/As people write it/.test(m));
    assert.ok(invalidMessage && !/BAD_USER_INPUT|Something went wrong/.test(invalidMessage), JSON.stringify(messages));

    await name.fill("Verify-Me.example");
    await dialog.getByRole("button", { name: "Add domain" }).click();
    const panel = page.getByRole("region", { name: "verify-me.example", exact: true });
    await panel.waitFor();
    assert.match(new URL(page.url()).pathname, /^\/domains\/[\w-]+$/);
    const domainId = new URL(page.url()).pathname.split("/").at(-1);
    const { domains } = await ctx.graphql(
      "query ($o: ID) { domains(organizationId: $o) { id status verificationRecord { name type value } } }",
      { o: org.id },
      token,
    );
    const [{ verificationRecord: record }] = domains;
    assert.deepEqual(
      domains.map((d) => [d.id, d.status]),
      [[domainId, "PENDING_VERIFICATION"]],
    );

    // The exact record, each part with a copy button.
    const recordFacts = await panel.locator(".console-record code").allTextContents();
    assert.deepEqual(recordFacts, [record.name, record.type, record.value]);
    await panel.getByRole("button", { name: "Copy record value" }).click();
    await panel.getByText("record value copied").waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), record.value);

    // Something else is published: Check now says what it found against what it expected.
    ctx.dns.setTxt(record.name, ["v=spf1 -all"]);
    await panel.getByRole("button", { name: "Check now" }).click();
    const failure = panel.getByRole("alert").filter({ hasText: "Not verified yet" });
    await failure.waitFor();
    const text = await failure.textContent();
    assert.match(text, new RegExp(`Expected${record.value}`));
    assert.match(text, /Foundv=spf1 -all/);
    assert.deepEqual(await seriousViolations(page), []);

    // Publish the record and check again.
    ctx.dns.setTxt(record.name, [record.value]);
    await panel.getByRole("button", { name: "Check now" }).click();
    await panel.getByText("Verified", { exact: true }).waitFor();
    assert.equal(await panel.getByRole("button", { name: "Check now" }).count(), 0);
    await page.getByRole("status", { name: "Notifications" }).getByText("verify-me.example is verified.").waitFor();
    assert.equal(
      await page
        .getByRole("table", { name: "Domains" })
        .getByRole("row", { name: /verify-me\.example/ })
        .getByText("Verified")
        .count(),
      1,
    );
    const after = await ctx.graphql("query ($o: ID) { domains(organizationId: $o) { status } }", { o: org.id }, token);
    assert.deepEqual(after.domains, [{ status: "VERIFIED" }]);
    // A verified domain says how to deliver its mail: the MX record and Postfix's maps.
    const routing = panel.getByRole("region", { name: "Deliver its mail" });
    await routing.getByText("verify-me.example.", { exact: true }).waitFor();
    const settings = await routing.getByLabel("Postfix settings").first().textContent();
    assert.match(settings, /^virtual_mailbox_domains = socketmap:inet:127\.0\.0\.1:4001:virtual_mailbox_domains$/m);
    assert.match(settings, /^smtpd_sender_login_maps = socketmap:inet:127\.0\.0\.1:4001:smtpd_sender_login_maps$/m);

    // A reload keeps the opened domain.
    await page.reload();
    await page.getByRole("region", { name: "verify-me.example", exact: true }).waitFor();
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("the mail service changes, and removal says what still uses the domain", { timeout: 90_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const token = await ctx.operatorToken();
  const { createOrganization: org } = await ctx.graphql(
    "mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }",
    { input: { name: "Busy Ltd" } },
    token,
  );
  const { addDomain: domain } = await ctx.graphql(
    "mutation ($input: AddDomainInput!) { addDomain(input: $input) { id verificationRecord { name value } } }",
    { input: { organizationId: org.id, name: "busy.example" } },
    token,
  );
  ctx.dns.setTxt(domain.verificationRecord.name, [domain.verificationRecord.value]);
  await ctx.graphql("mutation ($id: ID!) { verifyDomain(id: $id) { status } }", { id: domain.id }, token);
  await ctx.graphql(
    "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
    { input: { organizationId: org.id, displayName: "Bea Busy", primaryAddress: "bea@busy.example", profile: "PROFESSIONAL" } },
    token,
  );
  const { createAccount: cy } = await ctx.graphql(
    "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
    { input: { organizationId: org.id, displayName: "Cy Busy", primaryAddress: "cy@busy.example", profile: "PROFESSIONAL" } },
    token,
  );
  await ctx.graphql(
    "mutation ($input: AddAliasInput!) { addAlias(input: $input) { alias { id } } }",
    { input: { accountId: cy.id, address: "sales@busy.example" } },
    token,
  );

  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, `/domains/${domain.id}?org=${org.id}`);
    const panel = page.getByRole("region", { name: "busy.example", exact: true });
    await panel.waitFor();
    // The list counts the domain's addresses: two primaries and an alias.
    const row = page.getByRole("table", { name: "Domains" }).getByRole("row", { name: /busy\.example/ });
    assert.equal((await row.getByRole("cell").allTextContents())[2], "3");
    const counted = await ctx.graphql("query ($o: ID) { domains(organizationId: $o) { addressCount } }", { o: org.id }, token);
    assert.deepEqual(counted.domains, [{ addressCount: 3 }]);

    await panel.getByRole("combobox", { name: /Mail service of this domain/ }).selectOption({ label: "Web e-mail" });
    await panel.getByRole("button", { name: "Change mail service" }).click();
    await page.getByRole("status", { name: "Notifications" }).getByText("busy.example now serves Web e-mail.").waitFor();
    const { domains } = await ctx.graphql("query ($o: ID) { domains(organizationId: $o) { mailService } }", { o: org.id }, token);
    assert.deepEqual(domains, [{ mailService: "WEB_EMAIL" }]);

    await panel.getByRole("button", { name: "Remove domain" }).click();
    const dialog = page.getByRole("dialog", { name: "Remove busy.example?" });
    await dialog.waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await dialog.getByRole("button", { name: "Remove", exact: true }).click();
    const refusal = panel.getByRole("alert").filter({ hasText: "The domain was not removed" });
    await refusal.waitFor();
    assert.match(await refusal.textContent(), /3 address\(es\) still use busy\.example\.Still in use by 1 alias and 2 primary addresses\./);
    const still = await ctx.graphql("query ($o: ID) { domains(organizationId: $o) { id } }", { o: org.id }, token);
    assert.deepEqual(still.domains, [{ id: domain.id }]);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
