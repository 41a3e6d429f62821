import assert from "node:assert/strict";
import { test } from "node:test";
import { importTsx, render } from "../../test-utils/render.mjs";

const { Pagination } = await importTsx(new URL("./Pagination.tsx", import.meta.url));
const base = { noun: "organizations", pageSize: 10, onPrevious() {}, onNext() {}, onPageSizeChange() {} };

test("Pagination summarises the page and disables Previous on the first page", () => {
  const html = render(Pagination, { ...base, page: 1, totalCount: 25, hasPreviousPage: false, hasNextPage: true });
  assert.match(html, /Page 1 · 1–10 of 25 organizations/);
  assert.match(html, /<button[^>]*disabled=""[^>]*>Previous page<\/button>/);
  assert.doesNotMatch(html, /<button[^>]*disabled=""[^>]*>Next page<\/button>/);
});

test("Pagination on the last page disables Next and clips the range", () => {
  const html = render(Pagination, { ...base, page: 3, totalCount: 25, hasPreviousPage: true, hasNextPage: false });
  assert.match(html, /21–25 of 25 organizations/);
  assert.match(html, /<button[^>]*disabled=""[^>]*>Next page<\/button>/);
});
