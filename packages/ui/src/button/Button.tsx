import { Button as AriaButton } from "react-aria-components";
import type { ButtonProps as AriaButtonProps } from "react-aria-components";

export type ButtonVariant = "primary" | "secondary" | "danger" | "quiet";

export interface ButtonProps extends Omit<AriaButtonProps, "className" | "isDisabled"> {
  variant?: ButtonVariant;
  className?: string;
  /** Kept as the HTML name so forms read naturally; maps to React Aria's isDisabled. */
  disabled?: boolean;
}

/**
 * React Aria's button: presses from mouse, touch and keyboard alike, and
 * type="button" by default so it never submits a form by accident.
 */
export function Button({ variant = "primary", className, disabled, ...rest }: ButtonProps) {
  const classes = ["pr-button", `pr-button--${variant}`, className].filter(Boolean).join(" ");
  return <AriaButton className={classes} isDisabled={disabled} {...rest} />;
}
