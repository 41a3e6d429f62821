import { Dialog } from "@postroom/ui";
import { CreateAccountForm } from "./CreateAccountForm";

/**
 * The create-account dialog, loaded when it is first wanted: the modal, its
 * focus handling and the form stay off the accounts list's first load.
 */
export function CreateAccountDialog({ organizationId, onClose }: { organizationId: string; onClose: () => void }) {
  return (
    <Dialog
      title="Create an account"
      isOpen
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
    >
      {(close) => <CreateAccountForm organizationId={organizationId} onDone={close} />}
    </Dialog>
  );
}
