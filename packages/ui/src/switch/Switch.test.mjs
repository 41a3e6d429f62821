import assert from "node:assert/strict";
import { test } from "node:test";
import { attribute, importTsx, render } from "../../test-utils/render.mjs";

const { Switch } = await importTsx(new URL("./Switch.tsx", import.meta.url));

test("Switch exposes role=switch and its state", () => {
  const on = render(Switch, { isSelected: true, onChange() {} }, "Alias self-service");
  assert.equal(attribute(on, "input", "role"), "switch");
  assert.equal(attribute(on, "input", "checked"), "");
  const off = render(Switch, { isSelected: false, onChange() {} }, "Alias self-service");
  assert.equal(attribute(off, "input", "checked"), undefined);
});
