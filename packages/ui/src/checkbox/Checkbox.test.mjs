import assert from "node:assert/strict";
import { test } from "node:test";
import { attribute, importTsx, render } from "../../test-utils/render.mjs";

const { Checkbox } = await importTsx(new URL("./Checkbox.tsx", import.meta.url));

test("Checkbox is a native checkbox inside its label, checked when selected", () => {
  const html = render(Checkbox, { isSelected: true, onChange() {} }, "Exchange enabled");
  assert.equal(attribute(html, "input", "type"), "checkbox");
  assert.equal(attribute(html, "input", "checked"), "");
  assert.match(html, /<label[^>]*>.*<span>Exchange enabled<\/span><\/label>$/);
});
