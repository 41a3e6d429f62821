import assert from "node:assert/strict";
import { test } from "node:test";
import { createElement as h } from "react";
import { importTsx, render } from "../../test-utils/render.mjs";

const { Dialog, DialogTrigger } = await importTsx(new URL("./Dialog.tsx", import.meta.url));
const { Button } = await importTsx(new URL("../button/Button.tsx", import.meta.url));

test("a closed Dialog renders only its trigger", () => {
  const html = render(DialogTrigger, null, h(Button, null, "Create"), h(Dialog, { title: "Create organization" }, "form"));
  assert.match(html, />Create<\/button>/);
  assert.doesNotMatch(html, /Create organization/);
});
