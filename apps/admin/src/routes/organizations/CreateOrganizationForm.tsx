import { Alert, Button, Switch, TextField } from "@postroom/ui";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import type { FormEvent } from "react";
import { useCreateOrganizationMutation } from "../../mutations/useCreateOrganizationMutation";
import { parseLimit } from "./limit";

export function CreateOrganizationForm({ onDone }: { onDone: () => void }) {
  const { run, loading, error } = useCreateOrganizationMutation();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [selfService, setSelfService] = useState(true);
  const [limit, setLimit] = useState("");
  const limitValue = parseLimit(limit);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (limitValue === "invalid") return;
    const data = await run({ input: { name: name.trim(), aliasSelfService: selfService, maxAliasesPerAccount: limitValue } });
    if (!data) return;
    onDone();
    void navigate({ to: "/organizations/$organizationId", params: { organizationId: data.createOrganization.id } });
  }

  // A refusal about the name sits at the name field; anything else above the buttons.
  const nameError = error && (error.field === "name" || error.code === "BAD_USER_INPUT") ? error.message : null;
  return (
    <form onSubmit={onSubmit} className="console-form">
      <TextField label="Name" value={name} onChange={setName} isRequired autoFocus error={nameError} />
      <Switch isSelected={selfService} onChange={setSelfService}>
        Professional accounts may add aliases themselves
      </Switch>
      <TextField
        label="Most aliases per account"
        description="Leave empty for no limit."
        inputMode="numeric"
        value={limit}
        onChange={setLimit}
        error={limitValue === "invalid" ? "Enter a whole number of 0 or more, or leave it empty." : null}
      />
      {error && !nameError && <Alert>{error.message}</Alert>}
      <div className="console-form__actions">
        <Button variant="secondary" slot="close">
          Cancel
        </Button>
        <Button type="submit" disabled={loading}>
          {loading ? "Creating…" : "Create organization"}
        </Button>
      </div>
    </form>
  );
}
