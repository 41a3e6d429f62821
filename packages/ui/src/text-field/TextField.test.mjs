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

test("TextField without an error is not marked invalid", () => {
  const html = render(TextField, { label: "Email" });
  assert.equal(attribute(html, "input", "aria-invalid"), undefined);
  assert.equal(attribute(html, "input", "aria-describedby"), undefined);
  assert.doesNotMatch(html, /pr-field__error/);
});

test("TextField with an error marks the input invalid and points at the message", () => {
  const html = render(TextField, { label: "Email", error: "Enter an email address." });
  assert.equal(attribute(html, "input", "aria-invalid"), "true");
  const describedBy = attribute(html, "input", "aria-describedby");
  assert.ok(describedBy, "the input names its description");
  assert.equal(attribute(html, "p", "id"), describedBy);
  assert.match(html, /<p[^>]*>Enter an email address\.<\/p>/);
});
