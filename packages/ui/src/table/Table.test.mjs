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

test("Table is an HTML table whose sortable header is a button stating its direction", () => {
  const html = table("descending");
  assert.match(html, /<table class="pr-table" aria-label="Organizations">/);
  assert.match(
    html,
    /<th scope="col"[^>]*aria-sort="descending"[^>]*><button type="button" class="pr-table__sort-button"><span class="pr-table__column-label">Name<span aria-hidden="true" class="pr-table__sort">▼<\/span>/,
  );
  // The row header column's cells are <th scope="row">, the others <td>.
  assert.match(html, /<th scope="row" class="pr-table__cell pr-table__cell--row-header">Acme<\/th><td class="pr-table__cell">today<\/td>/);
});

test("Table marks an unsortable column without a sort indicator", () => {
  const html = table("ascending");
  assert.match(html, /<span class="pr-table__column-label">Created<\/span>/);
});
