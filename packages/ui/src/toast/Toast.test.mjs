import assert from "node:assert/strict";
import { test } from "node:test";
import { importTsx, render } from "../../test-utils/render.mjs";

const { ToastRegion } = await importTsx(new URL("./Toast.tsx", import.meta.url));

test("ToastRegion is one polite live region listing each message with a dismiss button", () => {
  const html = render(ToastRegion, {
    messages: [{ id: 1, tone: "success", text: "Domain added" }],
    onDismiss() {},
  });
  assert.match(html, /^<div class="pr-toasts" role="status" aria-live="polite" aria-label="Notifications">/);
  assert.match(html, /<div class="pr-toast pr-toast--success"><span class="pr-toast__text">Domain added<\/span>/);
  assert.match(html, /aria-label="Dismiss: Domain added"/);
});

test("an empty ToastRegion still exists, so the first message is announced", () => {
  assert.equal(
    render(ToastRegion, { messages: [], onDismiss() {} }),
    '<div class="pr-toasts" role="status" aria-live="polite" aria-label="Notifications"></div>',
  );
});
