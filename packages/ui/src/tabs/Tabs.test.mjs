import assert from "node:assert/strict";
import { test } from "node:test";
import { createElement as h } from "react";
import { importTsx, render } from "../../test-utils/render.mjs";

const { Tabs, TabList, Tab, TabPanel } = await importTsx(new URL("./Tabs.tsx", import.meta.url));

test("Tabs select the first tab and show only its panel, labelled by the tab", () => {
  const html = render(
    Tabs,
    null,
    h(TabList, { "aria-label": "Account" }, h(Tab, { id: "addresses" }, "Addresses"), h(Tab, { id: "audit" }, "Audit")),
    h(TabPanel, { id: "addresses" }, "Address table"),
    h(TabPanel, { id: "audit" }, "Audit trail"),
  );
  assert.match(html, /role="tab" data-selected="true">Addresses</);
  assert.match(html, /aria-selected="false" role="tab">Audit</);
  assert.match(html, /role="tabpanel"[^>]*>Address table<\/div>/);
  assert.doesNotMatch(html, /Audit trail/);
});
