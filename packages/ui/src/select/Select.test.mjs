import assert from "node:assert/strict";
import { test } from "node:test";
import { attribute, importTsx, render } from "../../test-utils/render.mjs";

const { Select } = await importTsx(new URL("./Select.tsx", import.meta.url));
const options = [
  { id: "EXCHANGE", label: "Exchange" },
  { id: "WEB_EMAIL", label: "Web e-mail" },
];

test("Select is the platform's select, named by its label, with the chosen option selected", () => {
  const html = render(Select, { label: "Mail service", options, value: "WEB_EMAIL", onChange() {} });
  const id = attribute(html, "select", "id");
  assert.match(html, new RegExp(`<label class="pr-field__label" for="${id}">Mail service</label>`));
  assert.match(html, /<option value="WEB_EMAIL" selected="">Web e-mail<\/option>/);
  // No placeholder once something is chosen.
  assert.doesNotMatch(html, /Choose…/);
});

test("Select with an error marks the select invalid and describes it with the message", () => {
  const html = render(Select, { label: "Mail service", options, value: null, onChange() {}, error: "Choose a service." });
  assert.equal(attribute(html, "select", "aria-invalid"), "true");
  const errorId = attribute(html, "select", "aria-describedby");
  assert.match(html, new RegExp(`<p id="${errorId}" class="pr-field__error">Choose a service\\.</p>`));
  // Nothing chosen yet: a disabled placeholder option is shown.
  assert.match(html, /<option value="" disabled="" selected="">Choose…<\/option>/);
});
