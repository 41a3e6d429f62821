import assert from "node:assert/strict";
import { test } from "node:test";
import { attribute, importTsx, render } from "../../test-utils/render.mjs";

const { ComboBox } = await importTsx(new URL("./ComboBox.tsx", import.meta.url));

test("ComboBox renders a labelled combobox input holding the typed text", () => {
  const html = render(ComboBox, {
    label: "Colleague",
    items: [{ id: "1", label: "Ann" }],
    inputValue: "An",
    onInputChange() {},
    selectedKey: null,
    onSelectionChange() {},
  });
  assert.equal(attribute(html, "input", "role"), "combobox");
  assert.equal(attribute(html, "input", "value"), "An");
  assert.equal(attribute(html, "input", "aria-autocomplete"), "list");
  assert.equal(attribute(html, "label", "for"), attribute(html, "input", "id"));
});
