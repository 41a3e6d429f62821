import assert from "node:assert/strict";
import { test } from "node:test";
import { createElement as h } from "react";
import { importTsx, render } from "../../test-utils/render.mjs";

const { Table, TableHeader, Column, TableBody, Row, Cell } = await importTsx(new URL("./Table.tsx", import.meta.url));

function table(direction) {
  return render(
    Table,
    { "aria-label": "Organizations", sortDescriptor: { column: "name", direction }, onSortChange() {} },
    h(TableHeader, null, h(Column, { id: "name", isRowHeader: true, allowsSorting: true }, "Name"), h(Column, { id: "created" }, "Created")),
    h(TableBody, null, h(Row, { id: "a" }, h(Cell, null, "Acme"), h(Cell, null, "today"))),
  );
}

test("Table is a grid whose sortable header states its direction", () => {
  const html = table("descending");
  assert.match(html, /<table[^>]*role="grid"[^>]*aria-label="Organizations"|<table[^>]*aria-label="Organizations"[^>]*role="grid"/);
  assert.match(html, /<th[^>]*aria-sort="descending"[^>]*><span class="pr-table__column-label">Name<span aria-hidden="true" class="pr-table__sort">▼<\/span>/);
  assert.match(html, /role="rowheader"[^>]*>Acme<\/td>/);
});

test("Table marks an unsortable column without a sort indicator", () => {
  const html = table("ascending");
  assert.match(html, /<span class="pr-table__column-label">Created<\/span>/);
});
