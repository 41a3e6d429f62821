import type { GroupPage_GroupFragment } from "@postroom/schema";
import { Alert, Button, Card, Dialog } from "@postroom/ui";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useDeleteGroupMutation } from "../../mutations/useDeleteGroupMutation";
import { ConfirmActions } from "../../components/ConfirmActions";

/** Admins only. The dialog names the groups this one is removed from before anything changes. */
export function DeleteGroup({ group }: { group: GroupPage_GroupFragment }) {
  const { run, loading, error, reset } = useDeleteGroupMutation();
  const [confirming, setConfirming] = useState(false);
  const navigate = useNavigate();
  const parents = group.memberOf ?? [];

  async function remove() {
    const data = await run({ id: group.id });
    setConfirming(false);
    if (data) void navigate({ to: "/groups" });
  }

  return (
    <Card title="Delete">
      <p>Deleting frees the address {group.unicodeAddress}; mail to it is no longer delivered.</p>
      <Button
        variant="danger"
        onPress={() => {
          reset();
          setConfirming(true);
        }}
      >
        Delete group
      </Button>
      {error && <Alert title="The group was not deleted">{error.message}</Alert>}
      <Dialog title={`Delete ${group.name}?`} isOpen={confirming} onOpenChange={setConfirming}>
        <p>Its members are not deleted, only their membership in this group.</p>
        {parents.length > 0 ? (
          <>
            <p>It is also removed from the groups that contain it:</p>
            <ul aria-label="Groups it is removed from">
              {parents.map((p) => (
                <li key={p.id}>{p.name}</li>
              ))}
            </ul>
          </>
        ) : (
          <p>No other group contains it.</p>
        )}
        <ConfirmActions danger confirm="Delete" busy="Deleting…" loading={loading} onConfirm={() => void remove()} />
      </Dialog>
    </Card>
  );
}
