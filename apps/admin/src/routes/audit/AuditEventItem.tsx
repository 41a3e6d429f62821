import type { AuditTable_EventFragment } from "@postroom/schema";
import { Button } from "@postroom/ui";
import { formatDate } from "../../components/labels";

const ACTOR_KIND = { ACCOUNT: "account", OPERATOR: "operator", API_KEY: "API key", SYSTEM: "system" } as Record<string, string>;

/** A value as a person reads it: text as is, lists joined, objects as compact JSON. */
function show(value: unknown): string {
  if (value === undefined) return "—";
  if (value === null) return "none";
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v !== "object")) return value.length ? value.join(", ") : "none";
  return JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Before and after side by side, field by field; changed fields marked. Other details as a list. */
function SummaryDiff({ summary }: { summary: Record<string, unknown> }) {
  const { before, after, ...details } = summary;
  const b = isRecord(before) ? before : before === undefined ? {} : { value: before };
  const a = isRecord(after) ? after : after === undefined ? {} : { value: after };
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return (
    <>
      {keys.length > 0 && (
        <table className="console-diff">
          <caption className="console-visually-hidden">Before and after</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => {
              const changed = JSON.stringify(b[key]) !== JSON.stringify(a[key]);
              return (
                <tr key={key} className={changed ? "is-changed" : undefined}>
                  <th scope="row">
                    {key}
                    {changed && <span className="console-visually-hidden"> (changed)</span>}
                  </th>
                  <td>{before === undefined ? "—" : show(b[key])}</td>
                  <td>{after === undefined ? "—" : show(a[key])}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {Object.keys(details).length > 0 && (
        <dl className="console-facts">
          {Object.entries(details).map(([key, value]) => (
            <div key={key} className="console-facts__row">
              <dt>{key}</dt>
              <dd>{show(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}

export function AuditEventItem({
  event,
  onFilter,
}: {
  event: AuditTable_EventFragment;
  onFilter: (key: "action" | "actor" | "target", value: string) => void;
}) {
  return (
    <li className="console-audit__event">
      <p className="console-audit__head">
        <time dateTime={String(event.occurredAt)}>{formatDate(event.occurredAt)}</time> · <strong>{event.actorLabel}</strong>{" "}
        <span className="console-audit__meta">({ACTOR_KIND[event.actorType] ?? event.actorType})</span> · <code>{event.action}</code> on {event.targetType}
        {event.targetId && <span className="console-audit__meta"> {event.targetId}</span>}
      </p>
      <SummaryDiff summary={event.summary as Record<string, unknown>} />
      <div className="console-audit__filters">
        <Button variant="secondary" onPress={() => onFilter("action", event.action)}>
          Same action
        </Button>
        {event.actorId && (
          <Button variant="secondary" onPress={() => onFilter("actor", event.actorId as string)}>
            Same actor
          </Button>
        )}
        {event.targetId && (
          <Button variant="secondary" onPress={() => onFilter("target", event.targetId as string)}>
            Same target
          </Button>
        )}
      </div>
    </li>
  );
}
