import type { WebhookEndpointPanel_EndpointFragment } from "@postroom/schema";
import { Alert, Button, TextField } from "@postroom/ui";
import { useState } from "react";
import type { FormEvent } from "react";
import type { DescribedError } from "../../errors";
import { EventTypesField } from "./EventTypesField";

export interface EndpointValues {
  url: string;
  description: string;
  types: string[];
}

interface WebhookEndpointFormProps {
  /** Editing this endpoint; absent for a new one. */
  endpoint?: WebhookEndpointPanel_EndpointFragment;
  submitLabel: string;
  loading: boolean;
  error: DescribedError | null;
  onSubmit: (values: EndpointValues) => void;
}

const FIELDS = new Set(["url", "types", "description"]);

/** URL, description and event types of an endpoint: the same form adds one and edits one. */
export function WebhookEndpointForm({ endpoint, submitLabel, loading, error, onSubmit }: WebhookEndpointFormProps) {
  const [url, setUrl] = useState(endpoint?.url ?? "");
  const [description, setDescription] = useState(endpoint?.description ?? "");
  const [types, setTypes] = useState<Set<string>>(new Set(endpoint?.types ?? []));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit({ url: url.trim(), description: description.trim(), types: [...types].sort() });
  }

  const at = (field: string) => (error && error.field === field ? error.message : null);
  return (
    <form onSubmit={submit} className="console-form" aria-label={endpoint ? "Edit webhook endpoint" : "New webhook endpoint"}>
      <TextField
        label="URL"
        type="url"
        description="Where Postroom POSTs each event: https on a public address (hosts in WEBHOOK_ALLOWED_HOSTS excepted)."
        placeholder="https://hooks.example.com/postroom"
        value={url}
        onChange={setUrl}
        isRequired
        autoFocus
        error={at("url")}
      />
      <TextField
        label="Description (optional)"
        description="What receives these events, e.g. CRM sync."
        value={description}
        onChange={setDescription}
        error={at("description")}
      />
      <EventTypesField chosen={types} onChange={setTypes} error={at("types")} />
      {error && !FIELDS.has(error.field ?? "") && <Alert>{error.message}</Alert>}
      <div className="console-form__actions">
        <Button variant="secondary" slot="close">
          Cancel
        </Button>
        <Button type="submit" disabled={loading}>
          {loading ? "Saving…" : submitLabel}
        </Button>
      </div>
    </form>
  );
}
