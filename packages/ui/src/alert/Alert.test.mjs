import assert from "node:assert/strict";
import { test } from "node:test";
import { attribute, importTsx, render } from "../../test-utils/render.mjs";

const { Alert } = await importTsx(new URL("./Alert.tsx", import.meta.url));

test("Alert is announced with role=alert and shows its message", () => {
  const html = render(Alert, null, "Wrong email or password.");
  assert.equal(attribute(html, "div", "role"), "alert");
  assert.equal(attribute(html, "div", "class"), "pr-alert pr-alert--error");
  assert.match(html, />Wrong email or password\.</);
});

test("Alert renders a title and the requested tone", () => {
  const html = render(Alert, { tone: "info", title: "Heads up" }, "Body");
  assert.equal(attribute(html, "div", "class"), "pr-alert pr-alert--info");
  assert.match(html, /<strong class="pr-alert__title">Heads up<\/strong>/);
});

test("Alert has a success tone for completed actions", () => {
  const html = render(Alert, { tone: "success", title: "Alias confirmed" }, "a@b.example is now an alias of Ann");
  assert.equal(attribute(html, "div", "role"), "alert");
  assert.equal(attribute(html, "div", "class"), "pr-alert pr-alert--success");
  assert.match(html, />a@b\.example is now an alias of Ann</);
});
