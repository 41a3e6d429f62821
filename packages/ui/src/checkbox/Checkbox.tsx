import { Checkbox as AriaCheckbox } from "react-aria-components";
import type { ReactNode } from "react";

export interface CheckboxProps {
  children: ReactNode;
  isSelected: boolean;
  onChange: (isSelected: boolean) => void;
  isDisabled?: boolean;
  name?: string;
}

export function Checkbox({ children, ...rest }: CheckboxProps) {
  return (
    <AriaCheckbox className="pr-checkbox" {...rest}>
      <span className="pr-checkbox__box" aria-hidden="true">
        <svg viewBox="0 0 18 18" className="pr-checkbox__check">
          <polyline points="3.5 9.5 7.5 13 14.5 5" />
        </svg>
      </span>
      <span>{children}</span>
    </AriaCheckbox>
  );
}
