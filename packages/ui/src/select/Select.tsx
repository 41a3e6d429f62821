import { Button, FieldError, Label, ListBox, ListBoxItem, Popover, Select as AriaSelect, SelectValue, Text } from "react-aria-components";
import type { Key } from "react-aria-components";

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

/** A labelled single choice (React Aria Select: listbox popover, type-to-select). */
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
  return (
    <AriaSelect
      className={["pr-field", "pr-select", className].filter(Boolean).join(" ")}
      selectedKey={value}
      onSelectionChange={(key: Key | null) => {
        if (key !== null) onChange(String(key) as K);
      }}
      isInvalid={Boolean(error)}
      validationBehavior="aria"
      isDisabled={isDisabled}
      placeholder={placeholder}
      name={name}
    >
      <Label className="pr-field__label">{label}</Label>
      <Button className="pr-field__input pr-select__button">
        <SelectValue className="pr-select__value" />
        <span aria-hidden="true" className="pr-select__chevron">
          ▾
        </span>
      </Button>
      {description && (
        <Text slot="description" className="pr-field__description">
          {description}
        </Text>
      )}
      <FieldError className="pr-field__error">{error}</FieldError>
      <Popover className="pr-popover">
        <ListBox className="pr-listbox" items={options}>
          {(option) => (
            <ListBoxItem className="pr-listbox__item" id={option.id} textValue={option.label}>
              {option.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </AriaSelect>
  );
}
