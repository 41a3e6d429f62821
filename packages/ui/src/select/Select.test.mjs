import assert from "node:assert/strict";
import { test } from "node:test";
import { attribute, importTsx, render } from "../../test-utils/render.mjs";

const { Select } = await importTsx(new URL("./Select.tsx", import.meta.url));
const options = [
  { id: "EXCHANGE", label: "Exchange" },
  { id: "WEB_EMAIL", label: "Web e-mail" },
];

test("Select shows the chosen option's label on a listbox button named by its label", () => {
  const html = render(Select, { label: "Mail service", options, value: "WEB_EMAIL", onChange() {} });
  assert.equal(attribute(html, "button", "aria-haspopup"), "listbox");
  assert.equal(attribute(html, "button", "aria-expanded"), "false");
  assert.match(html, /class="pr-select__value"[^>]*>Web e-mail<\/span>/);
  assert.match(html, /<option value="WEB_EMAIL" selected="">/);
});

test("Select with an error shows it as the field's error message", () => {
  const html = render(Select, { label: "Mail service", options, value: null, onChange() {}, error: "Choose a service." });
  assert.match(html, /class="pr-field__error"[^>]*>Choose a service\.<\/span>/);
});
