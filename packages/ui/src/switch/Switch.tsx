import { Switch as AriaSwitch } from "react-aria-components";
import type { ReactNode } from "react";

export interface SwitchProps {
  children: ReactNode;
  isSelected: boolean;
  onChange: (isSelected: boolean) => void;
  isDisabled?: boolean;
  name?: string;
}

/** An on/off setting (role="switch"); the label says what is switched. */
export function Switch({ children, ...rest }: SwitchProps) {
  return (
    <AriaSwitch className="pr-switch" {...rest}>
      <span className="pr-switch__track" aria-hidden="true">
        <span className="pr-switch__thumb" />
      </span>
      <span>{children}</span>
    </AriaSwitch>
  );
}
