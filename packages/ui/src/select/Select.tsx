import { useId } from "react";

export interface SelectOption<K extends string = string> {
  id: K;
  label: string;
}

export interface SelectProps<K extends string = string> {
  label: string;
  options: readonly SelectOption<K>[];
  value: K | null;
  onChange: (value: K) => void;
  error?: string | null;
  description?: string;
  placeholder?: string;
  isDisabled?: boolean;
  className?: string;
  name?: string;
}

/**
 * A labelled single choice among a few fixed options: the platform's own
 * `<select>`. Every browser and screen reader already knows it (type-to-select,
 * the phone's native picker, form autofill), it needs no script to open, and
 * it keeps the listbox and popover machinery off pages that have no
 * type-ahead. Choices searched on the server use ComboBox.
 */
export function Select<K extends string = string>({
  label,
  options,
  value,
  onChange,
  error,
  description,
  placeholder = "Choose…",
  isDisabled,
  className,
  name,
}: SelectProps<K>) {
  const id = useId();
  const described = [description ? `${id}-description` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={["pr-field", "pr-select", className].filter(Boolean).join(" ")} data-disabled={isDisabled || undefined}>
      <label className="pr-field__label" htmlFor={id}>
        {label}
      </label>
      <div className="pr-select__control">
        <select
          id={id}
          name={name}
          className="pr-field__input pr-select__native"
          value={value ?? ""}
          disabled={isDisabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={described || undefined}
          onChange={(event) => onChange(event.target.value as K)}
        >
          {value === null && (
            <option value="" disabled>
              {placeholder}
            </option>
          )}
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
        <span aria-hidden="true" className="pr-select__chevron">
          ▾
        </span>
      </div>
      {description && (
        <p id={`${id}-description`} className="pr-field__description">
          {description}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="pr-field__error">
          {error}
        </p>
      )}
    </div>
  );
}
