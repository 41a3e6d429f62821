import assert from "node:assert/strict";
import { test } from "node:test";
import { attribute, importTsx, render } from "../../test-utils/render.mjs";

const { Card } = await importTsx(new URL("./Card.tsx", import.meta.url));

test("Card is a section labelled by its title", () => {
  const html = render(Card, { title: "Signed in" }, "Body");
  const labelledBy = attribute(html, "section", "aria-labelledby");
  assert.ok(labelledBy, "the section names its label");
  assert.equal(attribute(html, "h2", "id"), labelledBy);
  assert.match(html, /<h2[^>]*>Signed in<\/h2>/);
});

test("Card renders actions only when given", () => {
  assert.doesNotMatch(render(Card, { title: "T" }, "Body"), /pr-card__actions/);
  const html = render(Card, { title: "T", actions: "Sign out" }, "Body");
  assert.match(html, /<div class="pr-card__actions">Sign out<\/div>/);
});
