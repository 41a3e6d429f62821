import { useFragment, useQuery } from "@apollo/client/react";
import { DeliveryLog_DeliveryFragmentDoc, WebhookEndpointDocument } from "@postroom/schema";
import type { WebhookEndpointPanel_EndpointFragment } from "@postroom/schema";
import { Alert, Badge, Button, Card, Dialog, DialogTrigger } from "@postroom/ui";
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { formatDate } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { useDeleteWebhookEndpointMutation } from "../../mutations/useDeleteWebhookEndpointMutation";
import { useRotateWebhookSecretMutation } from "../../mutations/useRotateWebhookSecretMutation";
import { useTestWebhookEndpointMutation } from "../../mutations/useTestWebhookEndpointMutation";
import { useUpdateWebhookEndpointMutation } from "../../mutations/useUpdateWebhookEndpointMutation";
import { ROTATION_GRACE } from "./catalog";
import { DeliveryLog } from "./DeliveryLog";
import { EventTypeBadges } from "./EventTypeBadges";
import { SecretDialog } from "./SecretDialog";
import type { ShownSecret } from "./SecretDialog";
import { WebhookEndpointForm } from "./WebhookEndpointForm";
import { signingDetails } from "./WebhookEndpointsCard";
import "./integrations.css";
import { ConfirmActions } from "../../components/ConfirmActions";

const route = getRouteApi("/_app/integrations/webhooks/$endpointId");

/** One webhook endpoint: what it receives, Send test, edit, enable/disable, rotate its secret, delete, and its delivery log. */
export function WebhookEndpointPage() {
  const { endpointId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { data, loading, error, refetch } = useQuery(WebhookEndpointDocument, { variables: { id: endpointId } });
  const endpoint = data?.webhookEndpoint;

  return (
    <div className="console-page">
      <nav className="console-crumbs" aria-label="Breadcrumbs">
        <Link to="/integrations" search={(prev) => ({ org: prev.org, tab: "webhooks" as const })}>
          Integrations
        </Link>{" "}
        <span aria-hidden="true">›</span> Webhook endpoint
      </nav>
      <h1 className="console-title integrations-title">{endpoint?.url ?? "Webhook endpoint"}</h1>
      {loading && !endpoint && <Loading what="the endpoint" />}
      {error && <QueryError what="The webhook endpoint" error={error} onRetry={() => void refetch()} />}
      {endpoint && (
        <>
          <EndpointCard endpoint={endpoint} />
          <DeliveryLog endpointId={endpoint.id} paging={search} onPage={(next) => void navigate({ search: (prev) => ({ org: prev.org, ...next }) })} />
        </>
      )}
    </div>
  );
}

function EndpointCard({ endpoint }: { endpoint: WebhookEndpointPanel_EndpointFragment }) {
  const test = useTestWebhookEndpointMutation();
  const toggle = useUpdateWebhookEndpointMutation();
  const [testId, setTestId] = useState<string | null>(null);
  const [shown, setShown] = useState<ShownSecret | null>(null);

  return (
    <Card
      title="About this endpoint"
      toolbar={
        <Link to="/audit" search={{ target: endpoint.id }}>
          Audit trail of this endpoint
        </Link>
      }
    >
      <dl className="console-facts">
        <dt>URL</dt>
        <dd>
          <code>{endpoint.url}</code>
        </dd>
        <dt>Description</dt>
        <dd>{endpoint.description || <span className="console-muted">None</span>}</dd>
        <dt>Event types</dt>
        <dd>
          <EventTypeBadges types={endpoint.types} label="Event types it receives" all />
        </dd>
        <dt>Status</dt>
        <dd>
          <Badge tone={endpoint.enabled ? "success" : "neutral"}>{endpoint.enabled ? "Enabled" : "Disabled"}</Badge>
          {!endpoint.enabled && <span className="console-muted">It gets no new deliveries.</span>}
        </dd>
        <dt>Added</dt>
        <dd>{formatDate(endpoint.createdAt)}</dd>
        <dt>Changed</dt>
        <dd>{formatDate(endpoint.updatedAt)}</dd>
      </dl>
      <div className="console-actions integrations-actions">
        <Button
          disabled={test.loading}
          onPress={async () => {
            const data = await test.run({ id: endpoint.id });
            if (data) setTestId(data.testWebhookEndpoint.id);
          }}
        >
          {test.loading ? "Sending…" : "Send test"}
        </Button>
        <EditEndpointButton endpoint={endpoint} />
        <Button variant="secondary" disabled={toggle.loading} onPress={() => void toggle.run({ id: endpoint.id, input: { enabled: !endpoint.enabled } })}>
          {endpoint.enabled ? "Disable" : "Enable"}
        </Button>
        <RotateSecretButton endpoint={endpoint} onRotated={setShown} />
        <DeleteEndpointButton endpoint={endpoint} />
      </div>
      {test.error && <Alert title="The test was not sent">{test.error.message}</Alert>}
      {toggle.error && <Alert>{toggle.error.message}</Alert>}
      {testId && <TestOutcome deliveryId={testId} />}
      <SecretDialog shown={shown} onClose={() => setShown(null)} />
    </Card>
  );
}

/** The test delivery's fate, followed in the cache as the delivery log refreshes. */
function TestOutcome({ deliveryId }: { deliveryId: string }) {
  const { data, complete } = useFragment({ fragment: DeliveryLog_DeliveryFragmentDoc, from: { __typename: "WebhookDelivery", id: deliveryId } });
  if (!complete) return null;
  const answer = data.responseCode !== null ? `The receiver answered HTTP ${data.responseCode}.` : null;
  if (data.status === "SUCCEEDED") {
    return (
      <Alert tone="success" title="Test delivered">
        {answer} The endpoint is reachable and answers 2xx.
      </Alert>
    );
  }
  if (data.status === "FAILED" || data.lastError) {
    return (
      <Alert title={data.status === "FAILED" ? "Test failed" : "Test not delivered yet"}>
        {data.lastError ?? answer}
        {data.nextAttemptAt ? ` Next attempt ${formatDate(data.nextAttemptAt)}.` : ""}
      </Alert>
    );
  }
  return (
    <p className="console-hint" role="status">
      Test sent: waiting for the receiver…
    </p>
  );
}

function EditEndpointButton({ endpoint }: { endpoint: WebhookEndpointPanel_EndpointFragment }) {
  const update = useUpdateWebhookEndpointMutation();
  return (
    <DialogTrigger onOpenChange={() => update.reset()}>
      <Button variant="secondary">Edit</Button>
      <Dialog title="Edit the webhook endpoint" size="wide">
        {(close) => (
          <WebhookEndpointForm
            endpoint={endpoint}
            submitLabel="Save"
            loading={update.loading}
            error={update.error}
            onSubmit={async (values) => {
              if (await update.run({ id: endpoint.id, input: values })) close();
            }}
          />
        )}
      </Dialog>
    </DialogTrigger>
  );
}

function RotateSecretButton({ endpoint, onRotated }: { endpoint: WebhookEndpointPanel_EndpointFragment; onRotated: (shown: ShownSecret) => void }) {
  const rotate = useRotateWebhookSecretMutation();
  return (
    <DialogTrigger onOpenChange={() => rotate.reset()}>
      <Button variant="secondary">Rotate secret</Button>
      <Dialog title="Rotate the signing secret?">
        {(close) => (
          <div className="console-form">
            <p>
              Deliveries get a new signing secret, shown once. For {ROTATION_GRACE} each delivery is signed with the old secret as well, so the receiver can
              switch without refusing one.
            </p>
            {rotate.error && <Alert>{rotate.error.message}</Alert>}
            <ConfirmActions
              cancel="Cancel"
              confirm="Rotate secret"
              busy="Rotating…"
              loading={rotate.loading}
              onConfirm={async () => {
                const data = await rotate.run({ id: endpoint.id });
                if (!data) return;
                close();
                onRotated({
                  title: `New signing secret of ${data.rotateWebhookSecret.endpoint.url}`,
                  label: "Signing secret",
                  secret: data.rotateWebhookSecret.secret,
                  details: (
                    <>
                      {signingDetails}
                      <p>For the next {ROTATION_GRACE} deliveries carry the previous secret&apos;s signature too.</p>
                    </>
                  ),
                });
              }}
            />
          </div>
        )}
      </Dialog>
    </DialogTrigger>
  );
}

function DeleteEndpointButton({ endpoint }: { endpoint: WebhookEndpointPanel_EndpointFragment }) {
  const remove = useDeleteWebhookEndpointMutation(endpoint.url);
  const navigate = useNavigate();
  return (
    <DialogTrigger onOpenChange={() => remove.reset()}>
      <Button variant="danger">Delete</Button>
      <Dialog title="Delete this webhook endpoint?">
        {(close) => (
          <div className="console-form">
            <p>Postroom stops sending to {endpoint.url}, cancels the deliveries still waiting, and deletes the delivery log. This cannot be undone.</p>
            {remove.error && <Alert>{remove.error.message}</Alert>}
            <ConfirmActions
              danger
              confirm="Delete endpoint"
              busy="Deleting…"
              loading={remove.loading}
              onConfirm={async () => {
                if (!(await remove.run({ id: endpoint.id }))) return;
                close();
                void navigate({ to: "/integrations", search: (prev) => ({ org: prev.org, tab: "webhooks" as const }) });
              }}
            />
          </div>
        )}
      </Dialog>
    </DialogTrigger>
  );
}
