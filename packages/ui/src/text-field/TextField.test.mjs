import assert from "node:assert/strict";
import { test } from "node:test";
import { attribute, importTsx, render } from "../../test-utils/render.mjs";

const { TextField } = await importTsx(new URL("./TextField.tsx", import.meta.url));

test("TextField associates its label with the input", () => {
  const html = render(TextField, { label: "Email", type: "email", name: "email" });
  const id = attribute(html, "input", "id");
  assert.ok(id, "the input has an id");
  assert.equal(attribute(html, "label", "for"), id);
  assert.match(html, /<label[^>]*>Email<\/label>/);
  assert.equal(attribute(html, "input", "type"), "email");
  assert.equal(attribute(html, "input", "name"), "email");
});

test("TextField without an error is not marked invalid and shows no message", () => {
  const html = render(TextField, { label: "Email" });
  assert.equal(attribute(html, "input", "aria-invalid"), undefined);
  assert.doesNotMatch(html, /pr-field__error/);
});

test("TextField with an error marks the input invalid and points at the message", () => {
  const html = render(TextField, { label: "Email", error: "Enter an email address." });
  assert.equal(attribute(html, "input", "aria-invalid"), "true");
  const errorId = attribute(html, "span", "id");
  assert.ok(errorId, "the message has an id");
  assert.ok(attribute(html, "input", "aria-describedby").split(" ").includes(errorId));
  assert.match(html, /<span[^>]*class="pr-field__error"[^>]*>Enter an email address\.<\/span>/);
});
