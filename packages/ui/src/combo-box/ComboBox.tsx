import { ComboBox as AriaComboBox, FieldError, Input, Label, ListBox, ListBoxItem, Popover, Text } from "react-aria-components";
import type { Key } from "react-aria-components";

export interface ComboBoxItem {
  id: string;
  label: string;
  /** A second line, e.g. the primary address under a name. */
  detail?: string;
}

export interface ComboBoxProps {
  label: string;
  /** The caller fetches these for the current input (server-side type-ahead). */
  items: readonly ComboBoxItem[];
  inputValue: string;
  onInputChange: (value: string) => void;
  selectedKey: string | null;
  onSelectionChange: (key: string | null) => void;
  loading?: boolean;
  error?: string | null;
  description?: string;
  placeholder?: string;
  className?: string;
  /** Shown in the popover when the caller found nothing. */
  emptyText?: string;
  /** Focus the input when it appears (it replaced a field that had focus). */
  autoFocus?: boolean;
}

/**
 * Type-ahead over items the caller supplies: filtering is left to the caller
 * (usually the server), so React Aria's own filter is switched off.
 */
export function ComboBox({
  label,
  items,
  inputValue,
  onInputChange,
  selectedKey,
  onSelectionChange,
  loading,
  error,
  description,
  placeholder,
  className,
  emptyText = "No matches",
  autoFocus,
}: ComboBoxProps) {
  return (
    <AriaComboBox
      className={["pr-field", "pr-combobox", className].filter(Boolean).join(" ")}
      items={items}
      inputValue={inputValue}
      onInputChange={onInputChange}
      selectedKey={selectedKey}
      onSelectionChange={(key: Key | null) => onSelectionChange(key === null ? null : String(key))}
      isInvalid={Boolean(error)}
      validationBehavior="aria"
      menuTrigger="input"
      allowsEmptyCollection
    >
      <Label className="pr-field__label">{label}</Label>
      <Input className="pr-field__input" placeholder={placeholder} autoFocus={autoFocus} />
      {description && (
        <Text slot="description" className="pr-field__description">
          {description}
        </Text>
      )}
      <FieldError className="pr-field__error">{error}</FieldError>
      <Popover className="pr-popover">
        <ListBox<ComboBoxItem> className="pr-listbox" renderEmptyState={() => <div className="pr-listbox__empty">{loading ? "Searching…" : emptyText}</div>}>
          {(item) => (
            <ListBoxItem className="pr-listbox__item" id={item.id} textValue={item.label}>
              <span>{item.label}</span>
              {item.detail && <span className="pr-listbox__detail">{item.detail}</span>}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </AriaComboBox>
  );
}
