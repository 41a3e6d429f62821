import { Button } from "@postroom/ui";

export interface ConfirmActionsProps {
  /** The confirming button's label, and its label while the change runs. */
  confirm: string;
  busy: string;
  /** Closes the dialog without changing anything. */
  cancel?: string;
  loading: boolean;
  /** Destructive changes (remove, revoke, delete) are drawn as such. */
  danger?: boolean;
  onConfirm: () => void;
}

/** The two buttons a confirmation dialog ends with: leave it as it is, or go ahead (disabled while the change runs). */
export function ConfirmActions({ confirm, busy, cancel = "Keep it", loading, danger = false, onConfirm }: ConfirmActionsProps) {
  return (
    <div className="console-form__actions">
      <Button variant="secondary" slot="close">
        {cancel}
      </Button>
      <Button variant={danger ? "danger" : "primary"} disabled={loading} onPress={onConfirm}>
        {loading ? busy : confirm}
      </Button>
    </div>
  );
}
