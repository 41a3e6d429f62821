import assert from "node:assert/strict";
import { test } from "node:test";
import { attribute, importTsx, render } from "../../test-utils/render.mjs";

const { CopyButton } = await importTsx(new URL("./CopyButton.tsx", import.meta.url));

test("CopyButton names what it copies and has an empty live region until used", () => {
  const html = render(CopyButton, { value: "postroom-verification=abc", label: "TXT value" });
  assert.equal(attribute(html, "button", "aria-label"), "Copy TXT value");
  assert.match(html, />Copy<\/button>/);
  assert.match(html, /<span role="status" class="pr-copy__status"><\/span>/);
});
