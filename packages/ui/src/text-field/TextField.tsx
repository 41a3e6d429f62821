import { useId } from "react";
import type { InputHTMLAttributes } from "react";

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  error?: string | null;
}

export function TextField({ label, error, className, ...rest }: TextFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const invalid = Boolean(error);
  return (
    <div className={["pr-field", className].filter(Boolean).join(" ")}>
      <label className="pr-field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="pr-field__input"
        aria-invalid={invalid || undefined}
        // Screen readers read the error right after the label when focusing the input.
        aria-describedby={invalid ? errorId : undefined}
        {...rest}
      />
      {invalid && (
        <p id={errorId} className="pr-field__error">
          {error}
        </p>
      )}
    </div>
  );
}
