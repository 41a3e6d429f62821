import type { OrganizationPolicyForm_OrganizationFragment } from "@postroom/schema";
import { Alert, Button, Card, Switch, TextField } from "@postroom/ui";
import { useState } from "react";
import type { FormEvent } from "react";
import { useUpdateOrganizationPolicyMutation } from "../../mutations/useUpdateOrganizationPolicyMutation";
import { parseLimit } from "./limit";

export function OrganizationPolicyForm({ organization }: { organization: OrganizationPolicyForm_OrganizationFragment }) {
  const { run, loading, error } = useUpdateOrganizationPolicyMutation();
  const [selfService, setSelfService] = useState(organization.policy.aliasSelfService);
  const [limit, setLimit] = useState(organization.policy.maxAliasesPerAccount?.toString() ?? "");
  const limitValue = parseLimit(limit);
  const changed = selfService !== organization.policy.aliasSelfService || limitValue !== organization.policy.maxAliasesPerAccount;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (limitValue === "invalid") return;
    await run({ id: organization.id, input: { aliasSelfService: selfService, maxAliasesPerAccount: limitValue } });
  }

  const limitError =
    limitValue === "invalid"
      ? "Enter a whole number of 0 or more, or leave it empty."
      : error?.field === "maxAliasesPerAccount" || error?.code === "BAD_USER_INPUT"
        ? error.message
        : null;
  return (
    <Card title="Alias policy">
      <form onSubmit={onSubmit} className="console-form">
        <Switch isSelected={selfService} onChange={setSelfService}>
          Professional accounts may add aliases themselves
        </Switch>
        <TextField
          label="Most aliases per account"
          description="Leave empty for no limit."
          inputMode="numeric"
          value={limit}
          onChange={setLimit}
          error={limitError}
        />
        {error && !limitError && <Alert>{error.message}</Alert>}
        <div className="console-form__actions">
          <Button type="submit" disabled={loading || !changed || limitValue === "invalid"}>
            {loading ? "Saving…" : "Save policy"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
