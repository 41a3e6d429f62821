import { Checkbox } from "@postroom/ui";
import { useId } from "react";
import { SCOPE_AREAS, impliedRead } from "./catalog";
import type { ScopeInfo } from "./catalog";

/** Scopes the key gets: the checked ones and the reads their writes include. */
export function effectiveScopes(checked: ReadonlySet<string>): string[] {
  const held = new Set(checked);
  for (const scope of checked) {
    const read = impliedRead(scope);
    if (read) held.add(read);
  }
  return SCOPE_AREAS.flatMap(({ read, write }) => [read, write]).flatMap((s) => (s && held.has(s.id) ? [s.id] : []));
}

interface ScopesFieldProps {
  checked: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  error: string | null;
}

/**
 * Every scope, read and write side by side per area. A checked write shows
 * its read checked and locked, since the API grants it anyway.
 */
export function ScopesField({ checked, onChange, error }: ScopesFieldProps) {
  const id = useId();
  const held = new Set(effectiveScopes(checked));
  const toggle = (scope: string, on: boolean) => {
    const next = new Set(checked);
    if (on) next.add(scope);
    else next.delete(scope);
    onChange(next);
  };
  const box = (scope: ScopeInfo, includedBy: string | null) => (
    <div className="integrations-scope">
      <Checkbox isSelected={held.has(scope.id)} isDisabled={includedBy !== null} onChange={(on) => toggle(scope.id, on)}>
        <code>{scope.id}</code>
      </Checkbox>
      <span className="integrations-scope__allows">{includedBy ? `Included in ${includedBy}` : scope.allows}</span>
    </div>
  );
  return (
    <fieldset className="integrations-fieldset" aria-describedby={`${id}-hint ${id}-error`}>
      <legend className="pr-field__label">Scopes</legend>
      <p id={`${id}-hint`} className="pr-field__description">
        What the key may do. A write scope includes reading the same things.
      </p>
      <div className="integrations-scopes">
        {SCOPE_AREAS.map(({ area, read, write }) => (
          <div key={area} className="integrations-scopes__area" role="group" aria-label={area}>
            <span className="integrations-scopes__name" aria-hidden="true">
              {area}
            </span>
            {read ? box(read, write && checked.has(write.id) ? write.id : null) : <span />}
            {write ? box(write, null) : <span />}
          </div>
        ))}
      </div>
      <p id={`${id}-error`} className="pr-field__error">
        {error}
      </p>
    </fieldset>
  );
}
