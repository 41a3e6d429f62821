import { useQuery } from "@apollo/client/react";
import { PickedAccountDocument } from "@postroom/schema";
import type { AccountPicker_AccountFragment, OffboardResult_PayloadFragment } from "@postroom/schema";
import { Alert, Button, Card, Cell, Column, Row, Table, TableBody, TableHeader } from "@postroom/ui";
import { getRouteApi, Link, useRouteContext } from "@tanstack/react-router";
import { useState } from "react";
import { AccountPicker } from "../../components/AccountPicker";
import { ADDRESS_KIND_LABELS, ADDRESS_STATUS, countOf } from "../../components/labels";
import { useOffboardAccountMutation } from "../../mutations/useOffboardAccountMutation";
import { organizationScope } from "../app/viewer";
import "../../directory.css";

const route = getRouteApi("/_app/offboarding");

function usePicked(id: string | undefined) {
  const { data } = useQuery(PickedAccountDocument, { variables: { id: id ?? "" }, skip: !id });
  return id && data?.account.id === id ? data.account : null;
}

/** What moves to the colleague and what is released: the dry run's answer, or the real one's. */
function Outcome({ result, done }: { result: OffboardResult_PayloadFragment; done: boolean }) {
  const verb = done ? "moved" : result.moved.length === 1 ? "moves" : "move";
  return (
    <>
      <h3 className="console-subtitle">
        {result.moved.length === 0 ? `No address ${verb}` : `${countOf(result.moved.length, "address", "addresses")} ${verb} to ${result.target.displayName}`}
      </h3>
      {result.moved.length > 0 && (
        <Table aria-label={done ? "Moved addresses" : "Addresses that move"}>
          <TableHeader>
            <Column id="address" isRowHeader>
              Address
            </Column>
            <Column id="kind">At {result.target.displayName}, as</Column>
            <Column id="status">Status</Column>
          </TableHeader>
          <TableBody items={result.moved}>
            {(a) => (
              <Row id={a.id}>
                <Cell>{a.unicodeAddress}</Cell>
                <Cell>{ADDRESS_KIND_LABELS[a.kind]}</Cell>
                <Cell>{ADDRESS_STATUS[a.status].label}</Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      )}
      <h3 className="console-subtitle">
        {result.released.length === 0
          ? "No personal address is released"
          : `${countOf(result.released.length, "personal address", "personal addresses")} ${done ? (result.released.length === 1 ? "was" : "were") : result.released.length === 1 ? "is" : "are"} released`}
      </h3>
      {result.released.length > 0 && (
        <>
          <p className="console-hint">Not on the organization's verified domains: freed, never given to the colleague.</p>
          <ul className="console-links" aria-label={done ? "Released addresses" : "Addresses released"}>
            {result.released.map((address) => (
              <li key={address}>{address}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export function OffboardingPage() {
  const { viewer } = useRouteContext({ from: "/_app" });
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const leaver = usePicked(search.leaver);
  const colleague = usePicked(search.colleague);
  const preview = useOffboardAccountMutation();
  const offboard = useOffboardAccountMutation();
  const [previewed, setPreviewed] = useState<{ key: string; result: OffboardResult_PayloadFragment } | null>(null);
  const [done, setDone] = useState<OffboardResult_PayloadFragment | null>(null);
  const scope = organizationScope(viewer, search.org) ?? null;
  const key = `${search.leaver ?? ""}>${search.colleague ?? ""}`;
  const current = previewed?.key === key ? previewed.result : null;

  const choose = (side: "leaver" | "colleague", account: AccountPicker_AccountFragment | null) => {
    preview.reset();
    offboard.reset();
    void navigate({ search: (prev) => ({ ...prev, [side]: account?.id }), replace: true });
  };

  async function runPreview() {
    if (!search.leaver || !search.colleague) return;
    const data = await preview.run({ input: { accountId: search.leaver, transferToAccountId: search.colleague, dryRun: true } });
    if (data) setPreviewed({ key, result: data.offboardAccount });
  }

  async function confirm() {
    if (!search.leaver || !search.colleague) return;
    const data = await offboard.run({ input: { accountId: search.leaver, transferToAccountId: search.colleague } });
    if (data) setDone(data.offboardAccount);
  }

  if (done) {
    return (
      <div className="console-page">
        <h1 className="console-title">Offboarding</h1>
        <Card title={`${done.leaver.displayName} is offboarded`}>
          <Alert tone="success" title="Done">
            {done.leaver.displayName} is disabled and signed out everywhere. Their work mail now arrives at{" "}
            {done.target.primaryAddress?.unicodeAddress ?? done.target.displayName}.
          </Alert>
          <Outcome result={done} done />
          <ul className="console-links">
            <li>
              <Link to="/accounts/$accountId" params={{ accountId: done.leaver.id }}>
                {done.leaver.displayName}'s account (disabled)
              </Link>
            </li>
            <li>
              <Link to="/accounts/$accountId" params={{ accountId: done.target.id }}>
                {done.target.displayName}'s account, with the moved addresses
              </Link>
            </li>
          </ul>
        </Card>
      </div>
    );
  }

  const sameOrganization = !leaver || !colleague || leaver.organization.id === colleague.organization.id;
  const problem = preview.error ?? offboard.error;
  return (
    <div className="console-page">
      <h1 className="console-title">Offboarding</h1>
      <div className="console-steps">
        <Card title="1. Who leaves, and who takes their mail">
          <p className="console-hint">
            The person leaving is disabled and signed out. Their addresses on the organization's verified domains go to the colleague; personal addresses
            elsewhere are released. Nothing changes until you confirm.
          </p>
          <div className="console-grid">
            <AccountPicker
              label="Person leaving"
              organizationId={scope}
              status="ACTIVE"
              selected={leaver}
              excludeId={search.colleague}
              onChange={(a) => choose("leaver", a)}
            />
            <AccountPicker
              label="Colleague who receives their mail"
              organizationId={leaver?.organization.id ?? scope}
              status="ACTIVE"
              selected={colleague}
              excludeId={search.leaver}
              onChange={(a) => choose("colleague", a)}
              error={sameOrganization ? null : "The colleague must be in the same organization as the person leaving."}
            />
          </div>
          <div className="console-actions">
            <Button onPress={() => void runPreview()} disabled={!leaver || !colleague || !sameOrganization || preview.loading}>
              {preview.loading ? "Preparing preview…" : "Preview"}
            </Button>
          </div>
          {problem && <Alert>{problem.message}</Alert>}
        </Card>
        {current && leaver && colleague && (
          <Card title="2. Preview: nothing has changed yet">
            <p>
              <strong>{leaver.displayName}</strong> ({leaver.primaryAddress?.unicodeAddress}) will be disabled and signed out; Exchange is switched off.
            </p>
            <Outcome result={current} done={false} />
            <div className="console-actions">
              <Button variant="danger" onPress={() => void confirm()} disabled={offboard.loading}>
                {offboard.loading ? "Offboarding…" : `Offboard ${leaver.displayName}`}
              </Button>
            </div>
          </Card>
        )}
      </div>
    </div>
  );
}
