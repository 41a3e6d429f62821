import type { GroupPage_GroupFragment, SenderPolicy } from "@postroom/schema";
import { Alert, Button, Card, Select, Switch, TextField } from "@postroom/ui";
import { useState } from "react";
import type { FormEvent } from "react";
import { SENDER_POLICY } from "../../components/labels";
import { useUpdateGroupMutation } from "../../mutations/useUpdateGroupMutation";

const POLICIES = (Object.keys(SENDER_POLICY) as SenderPolicy[]).map((id) => ({ id, label: SENDER_POLICY[id].label }));

/** Name, who may send, directory listing: for admins and the group's owners. */
export function GroupSettings({ group }: { group: GroupPage_GroupFragment }) {
  const { run, loading, error } = useUpdateGroupMutation();
  const [name, setName] = useState(group.name);
  const [policy, setPolicy] = useState<SenderPolicy>(group.senderPolicy);
  const [hidden, setHidden] = useState(group.hiddenFromDirectory);
  const changed = name.trim() !== group.name || policy !== group.senderPolicy || hidden !== group.hiddenFromDirectory;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run({ id: group.id, input: { name: name.trim(), senderPolicy: policy, hiddenFromDirectory: hidden } });
  }

  return (
    <Card title="Settings">
      <form className="console-form" onSubmit={onSubmit} aria-label="Group settings">
        <TextField label="Name" value={name} onChange={setName} isRequired error={error?.field === "name" ? error.message : null} />
        <Select label="Who may send to the group" description={SENDER_POLICY[policy].explanation} options={POLICIES} value={policy} onChange={setPolicy} />
        <Switch isSelected={hidden} onChange={setHidden}>
          Hide from the directory (address lists); mail to the address is still delivered
        </Switch>
        {error && error.field !== "name" && <Alert>{error.message}</Alert>}
        <div className="console-form__actions">
          <Button type="submit" disabled={loading || !changed || !name.trim()}>
            {loading ? "Saving…" : "Save settings"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
