import assert from "node:assert/strict";
import { test } from "node:test";
import { attribute, importTsx, render } from "../../test-utils/render.mjs";

const { Button } = await importTsx(new URL("./Button.tsx", import.meta.url));

test("Button defaults to type=button so it never submits a form by accident", () => {
  const html = render(Button, null, "Save");
  assert.equal(attribute(html, "button", "type"), "button");
  assert.match(html, />Save<\/button>$/);
});

test("Button keeps an explicit type and the variant class", () => {
  const html = render(Button, { type: "submit", variant: "secondary", className: "extra" }, "Go");
  assert.equal(attribute(html, "button", "type"), "submit");
  assert.equal(attribute(html, "button", "class"), "pr-button pr-button--secondary extra");
});

test("Button maps disabled to a disabled element", () => {
  const html = render(Button, { disabled: true }, "Wait");
  assert.equal(attribute(html, "button", "disabled"), "");
});
