import { Badge } from "@postroom/ui";

/** At most this many types are listed in a table row; the endpoint's page lists them all. */
const SHOWN = 4;

export function EventTypeBadges({ types, label, all = false }: { types: readonly string[]; label: string; all?: boolean }) {
  if (types.length === 0) return <Badge tone="info">Every event type</Badge>;
  const shown = all ? types : types.slice(0, SHOWN);
  return (
    <ul className="integrations-badges" aria-label={label}>
      {shown.map((type) => (
        <li key={type}>
          <Badge>{type}</Badge>
        </li>
      ))}
      {shown.length < types.length && <li className="console-muted">and {types.length - shown.length} more</li>}
    </ul>
  );
}
