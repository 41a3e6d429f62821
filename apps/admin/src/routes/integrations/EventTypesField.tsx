import { Checkbox } from "@postroom/ui";
import { useId } from "react";
import { EVENT_TYPE_GROUPS } from "./catalog";

interface EventTypesFieldProps {
  chosen: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  error: string | null;
}

/** The event types an endpoint receives, grouped by what changed; none chosen means every type. */
export function EventTypesField({ chosen, onChange, error }: EventTypesFieldProps) {
  const id = useId();
  const set = (types: readonly string[], on: boolean) => {
    const next = new Set(chosen);
    for (const type of types) {
      if (on) next.add(type);
      else next.delete(type);
    }
    onChange(next);
  };
  return (
    <fieldset className="integrations-fieldset" aria-describedby={`${id}-hint ${id}-error`}>
      <legend className="pr-field__label">Event types</legend>
      <p id={`${id}-hint`} className="pr-field__description">
        {chosen.size === 0
          ? "None chosen: the endpoint receives every event type, including types added later."
          : `${chosen.size} chosen: the endpoint receives only these.`}
      </p>
      <div className="integrations-events">
        {EVENT_TYPE_GROUPS.map((group) => {
          const all = group.types.every((t) => chosen.has(t));
          return (
            <div key={group.label} role="group" aria-label={group.label} className="integrations-events__group">
              <Checkbox isSelected={all} onChange={(on) => set(group.types, on)}>
                <strong>{group.label}</strong> (all)
              </Checkbox>
              {group.types.map((type) => (
                <Checkbox key={type} isSelected={chosen.has(type)} onChange={(on) => set([type], on)}>
                  <code>{type}</code>
                </Checkbox>
              ))}
            </div>
          );
        })}
      </div>
      <p id={`${id}-error`} className="pr-field__error">
        {error}
      </p>
    </fieldset>
  );
}
