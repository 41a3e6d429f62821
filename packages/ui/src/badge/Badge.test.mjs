import assert from "node:assert/strict";
import { test } from "node:test";
import { importTsx, render } from "../../test-utils/render.mjs";

const { Badge } = await importTsx(new URL("./Badge.tsx", import.meta.url));

test("Badge carries its tone as a class and its text as content", () => {
  assert.equal(render(Badge, { tone: "warning" }, "Pending"), '<span class="pr-badge pr-badge--warning">Pending</span>');
  assert.equal(render(Badge, null, "Exchange"), '<span class="pr-badge pr-badge--neutral">Exchange</span>');
});
