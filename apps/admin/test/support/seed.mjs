// Directory seeding for console tests: through the public API, as many
// createAccount fields per request as the API's alias limit allows.

const BATCH = 15;

/** Creates the accounts (each { displayName, primaryAddress, ... }) in `organizationId`; returns their ids in order. */
export async function createAccounts(ctx, token, organizationId, accounts) {
  const ids = [];
  for (let i = 0; i < accounts.length; i += BATCH) {
    const part = accounts.slice(i, i + BATCH);
    const fields = part.map((_, j) => `a${j}: createAccount(input: $i${j}) { id }`).join("\n");
    const params = part.map((_, j) => `$i${j}: CreateAccountInput!`).join(", ");
    const variables = Object.fromEntries(part.map((input, j) => [`i${j}`, { organizationId, ...input }]));
    const data = await ctx.graphql(`mutation (${params}) { ${fields} }`, variables, token);
    ids.push(...part.map((_, j) => data[`a${j}`].id));
  }
  return ids;
}

/** "Person 007" / p007@domain, for n people. */
export function people(n, domain) {
  return Array.from({ length: n }, (_, i) => {
    const k = String(i + 1).padStart(3, "0");
    return { displayName: `Person ${k}`, primaryAddress: `p${k}@${domain}` };
  });
}

/** Presses Tab until the focused element's accessible text matches `name`, then returns; keyboard only. */
export async function tabTo(page, name, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const label = await page.evaluate(() => {
      const el = document.activeElement;
      return (el?.getAttribute("aria-label") || el?.textContent || "").trim();
    });
    if (typeof name === "string" ? label === name : name.test(label)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}
