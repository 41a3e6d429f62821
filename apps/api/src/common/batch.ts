/** DataLoader helpers: answers in the order of the keys, as DataLoader requires. */

/** One row (or null) per key. */
export function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

/** Every row of each key (an empty list for keys without rows), rows in their given order. */
export function allByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const grouped = new Map<K, V[]>(keys.map((k) => [k, []]));
  for (const row of rows) grouped.get(keyOf(row))?.push(row);
  return keys.map((k) => grouped.get(k) ?? []);
}
