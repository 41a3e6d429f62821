import type { MailService } from "@postroom/schema";
import { Alert, Button, Select, TextField } from "@postroom/ui";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import type { FormEvent } from "react";
import { MAIL_SERVICE_LABELS } from "../../components/labels";
import { useAddDomainMutation } from "../../mutations/useAddDomainMutation";

const SERVICES = (Object.keys(MAIL_SERVICE_LABELS) as MailService[]).map((id) => ({ id, label: MAIL_SERVICE_LABELS[id] }));
/** Refusals caused by the name itself, shown at the name field. */
const NAME_CODES = new Set(["BAD_USER_INPUT", "INVALID_ADDRESS", "FREE_MAIL_DOMAIN", "DOMAIN_TAKEN"]);

export function AddDomainForm({ organizationId, onDone }: { organizationId: string; onDone: () => void }) {
  const { run, loading, error } = useAddDomainMutation(organizationId);
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [mailService, setMailService] = useState<MailService>("EXCHANGE");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = await run({ input: { organizationId, name: name.trim(), mailService } });
    if (!data) return;
    onDone();
    void navigate({ to: "/domains/$domainId", params: { domainId: data.addDomain.id } });
  }

  const nameError = error && (error.field === "name" || (error.code && NAME_CODES.has(error.code))) ? error.message : null;
  return (
    <form onSubmit={onSubmit} className="console-form">
      <TextField
        label="Domain name"
        description="As people write it: example.com or a Unicode name such as bücher.example."
        value={name}
        onChange={setName}
        isRequired
        autoFocus
        error={nameError}
      />
      <Select label="Mail service" options={SERVICES} value={mailService} onChange={setMailService} />
      {error && !nameError && <Alert>{error.message}</Alert>}
      <div className="console-form__actions">
        <Button variant="secondary" slot="close">
          Cancel
        </Button>
        <Button type="submit" disabled={loading}>
          {loading ? "Adding…" : "Add domain"}
        </Button>
      </div>
    </form>
  );
}
