import { FieldError, Input, Label, Text, TextField as AriaTextField } from "react-aria-components";
import type { TextFieldProps as AriaTextFieldProps } from "react-aria-components";
import type { Ref } from "react";

export interface TextFieldProps extends Omit<AriaTextFieldProps, "className" | "isInvalid" | "children"> {
  label: string;
  /** A message shown under the input; marks the field invalid while set. */
  error?: string | null;
  description?: string;
  placeholder?: string;
  className?: string;
  inputRef?: Ref<HTMLInputElement>;
}

export function TextField({ label, error, description, placeholder, className, inputRef, ...rest }: TextFieldProps) {
  const invalid = Boolean(error);
  return (
    <AriaTextField
      className={["pr-field", className].filter(Boolean).join(" ")}
      isInvalid={invalid}
      // Errors come from the server or the page, never from the browser: with
      // native validation an invalid field would block the next submit.
      validationBehavior="aria"
      {...rest}
    >
      <Label className="pr-field__label">{label}</Label>
      <Input ref={inputRef} className="pr-field__input" placeholder={placeholder} />
      {description && (
        <Text slot="description" className="pr-field__description">
          {description}
        </Text>
      )}
      {/* React Aria links the message to the input (aria-describedby) and sets aria-invalid. */}
      <FieldError className="pr-field__error">{error}</FieldError>
    </AriaTextField>
  );
}
