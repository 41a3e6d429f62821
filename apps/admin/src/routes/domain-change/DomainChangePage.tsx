import { useQuery } from "@apollo/client/react";
import { AccountDomainsDocument } from "@postroom/schema";
import type { ChangeDomainMutation } from "@postroom/schema";
import { Alert, Button, Card, Cell, Column, Row, Select, Table, TableBody, TableHeader } from "@postroom/ui";
import { getRouteApi, Link, useRouteContext } from "@tanstack/react-router";
import { useState } from "react";
import { countOf } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { useChangeDomainMutation } from "../../mutations/useChangeDomainMutation";
import { organizationScope } from "../app/viewer";
import "../../directory.css";

const route = getRouteApi("/_app/domain-change");

type Result = ChangeDomainMutation["changeDomain"];

interface Conflict {
  address: string;
  reason: string;
  message: string;
}

const REASONS: Record<string, string> = {
  ADDRESS_TAKEN: "Already in use",
  INVALID_ADDRESS: "Would not be a valid address",
};

function conflictsOf(extensions: Record<string, unknown> | undefined): Conflict[] {
  const list = extensions?.conflicts;
  return Array.isArray(list) ? (list as Conflict[]) : [];
}

export function DomainChangePage() {
  const { viewer } = useRouteContext({ from: "/_app" });
  const search = route.useSearch();
  const organizationId = organizationScope(viewer, search.org);
  return (
    <div className="console-page">
      <h1 className="console-title">Domain change</h1>
      {organizationId ? (
        <DomainChange organizationId={organizationId} />
      ) : (
        <Card title="Choose an organization">
          <p>A domain change moves one organization's addresses. Choose it in the Organization switcher at the top.</p>
        </Card>
      )}
    </div>
  );
}

function DomainChange({ organizationId }: { organizationId: string }) {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const domains = useQuery(AccountDomainsDocument, { variables: { organizationId } });
  const verified = (domains.data?.domains ?? []).filter((d) => d.status === "VERIFIED");
  const dryRun = useChangeDomainMutation();
  const change = useChangeDomainMutation();
  const [checked, setChecked] = useState<{ key: string; result: Result } | null>(null);
  const [done, setDone] = useState<Result | null>(null);
  const key = `${search.from ?? ""}>${search.to ?? ""}`;
  const preview = checked?.key === key ? checked.result : null;
  const conflicts = dryRun.error ? conflictsOf(dryRun.error.extensions) : [];
  const options = verified.map((d) => ({ id: d.name, label: d.unicodeName }));

  const choose = (side: "from" | "to", name: string) => {
    dryRun.reset();
    change.reset();
    void navigate({ search: (prev) => ({ ...prev, [side]: name }), replace: true });
  };

  async function check() {
    if (!search.from || !search.to) return;
    setChecked(null);
    const data = await dryRun.run({ input: { organizationId, from: search.from, to: search.to, dryRun: true } });
    if (data) setChecked({ key, result: data.changeDomain });
  }

  async function run() {
    if (!search.from || !search.to) return;
    const data = await change.run({ input: { organizationId, from: search.from, to: search.to } });
    if (data) setDone(data.changeDomain);
  }

  if (done) {
    return (
      <Card title="Domain changed">
        <Alert tone="success" title={`${countOf(done.changed, "address", "addresses")} moved`}>
          Every primary and group address on {done.from.unicodeName} now has its counterpart on {done.to.unicodeName} as its primary address. The old addresses
          keep receiving mail.
        </Alert>
        <ul className="console-links">
          <li>
            <Link to="/accounts" search={{ q: `@${done.to.name}` }}>
              Accounts on {done.to.unicodeName}
            </Link>
          </li>
          <li>
            <Link to="/domains/$domainId" params={{ domainId: done.to.id }}>
              The domain {done.to.unicodeName}
            </Link>
          </li>
        </ul>
      </Card>
    );
  }

  return (
    <div className="console-steps">
      <Card title="1. From which domain to which">
        <p className="console-hint">
          Every account and group whose primary address is on the old domain gets the same name on the new one as its primary address; the old address stays, so
          mail to it keeps arriving. All or nothing, in one step.
        </p>
        {domains.loading && !domains.data && <Loading what="the domains" />}
        {domains.error && <QueryError what="The domains" error={domains.error} onRetry={() => void domains.refetch()} />}
        {domains.data && verified.length < 2 && (
          <Alert tone="info" title="Two verified domains needed">
            Add the new domain and verify it on the Domains page first.
          </Alert>
        )}
        {verified.length >= 2 && (
          <div className="console-inline">
            <Select label="Old domain" options={options} value={search.from ?? null} onChange={(v) => choose("from", v)} placeholder="Choose" />
            <Select
              label="New domain"
              options={options.filter((o) => o.id !== search.from)}
              value={search.to ?? null}
              onChange={(v) => choose("to", v)}
              placeholder="Choose"
            />
            <Button onPress={() => void check()} disabled={!search.from || !search.to || dryRun.loading}>
              {dryRun.loading ? "Checking every address…" : "Dry run"}
            </Button>
          </div>
        )}
        {dryRun.error && conflicts.length === 0 && <Alert>{dryRun.error.message}</Alert>}
      </Card>
      {conflicts.length > 0 && (
        <Card title={`2. ${countOf(conflicts.length, "conflict", "conflicts")}: nothing has changed`}>
          <Alert title="Resolve these first">
            Each address below is needed on the new domain. Free or rename it (or remove the account or group holding it), then run the dry run again.
          </Alert>
          <Table aria-label="Conflicts">
            <TableHeader>
              <Column id="address" isRowHeader>
                New address
              </Column>
              <Column id="reason">Problem</Column>
            </TableHeader>
            <TableBody items={conflicts.map((c) => ({ ...c, id: c.address }))}>
              {(c) => (
                <Row id={c.id}>
                  <Cell>
                    <Link to="/search" search={{ address: c.address }}>
                      {c.address}
                    </Link>
                  </Cell>
                  {/* "Already in use" needs no more words (the link says who holds it); an invalid address says why. */}
                  <Cell>{c.reason === "ADDRESS_TAKEN" ? REASONS.ADDRESS_TAKEN : `${REASONS[c.reason] ?? c.reason}: ${c.message}`}</Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </Card>
      )}
      {preview && (
        <Card title="2. Dry run: no conflict">
          <p>
            <strong>{countOf(preview.changed, "address", "addresses")}</strong> on {preview.from.unicodeName} would get their counterpart on{" "}
            {preview.to.unicodeName} as primary. Nothing has changed yet.
          </p>
          {change.loading && (
            <p role="status" aria-busy="true" className="console-hint">
              Changing {countOf(preview.changed, "address", "addresses")} in one transaction… this can take a little while for thousands; keep this page open.
            </p>
          )}
          {change.error && <Alert>{change.error.message}</Alert>}
          <div className="console-actions">
            <Button variant="danger" onPress={() => void run()} disabled={change.loading || preview.changed === 0}>
              {change.loading ? "Changing…" : `Change ${countOf(preview.changed, "address", "addresses")} to ${preview.to.unicodeName}`}
            </Button>
          </div>
        </Card>
      )}
    </div>
  );
}
