import { useQuery } from "@apollo/client/react";
import { JobsListDocument } from "@postroom/schema";
import type { JobState, JobsTable_JobFragment } from "@postroom/schema";
import { Badge, Button, Card, Cell, Column, Row, Select, Table, TableBody, TableHeader } from "@postroom/ui";
import { getRouteApi, Link, useRouteContext } from "@tanstack/react-router";
import { EmptyState } from "../../components/EmptyState";
import { JOB_STATE, formatDate } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { DEFAULT_PAGE_SIZE, KeysetPagination } from "../../components/paging";
import { QueryError } from "../../components/QueryError";
import { organizationScope } from "../app/viewer";

const route = getRouteApi("/_app/jobs");
const ANY = "";
const STATES = [{ id: ANY, label: "Any state" }, ...(Object.keys(JOB_STATE) as JobState[]).map((id) => ({ id, label: JOB_STATE[id].label }))];
const KINDS: Record<string, string> = { "provision-address": "Provision a secondary address" };

/** The account a job concerns, from its payload. */
function accountOf(job: JobsTable_JobFragment): string | null {
  const payload = job.payload as Record<string, unknown>;
  return typeof payload.accountId === "string" ? payload.accountId : null;
}

export function JobsPage() {
  const { viewer } = useRouteContext({ from: "/_app" });
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const organizationId = organizationScope(viewer, search.org) ?? null;
  const { data, loading, error, refetch } = useQuery(JobsListDocument, {
    variables: {
      organizationId,
      state: search.state ?? null,
      accountId: search.account ?? null,
      first: search.size ?? DEFAULT_PAGE_SIZE,
      after: search.after ?? null,
    },
  });
  const connection = data?.jobs;
  const jobs = connection?.edges.map((e) => e.node) ?? [];

  return (
    <div className="console-page">
      <h1 className="console-title">Jobs</h1>
      <Card title={search.account ? "Jobs concerning one account" : "Background work"}>
        <p>Provisioning runs in the background; a failed attempt is retried later, until its attempts run out.</p>
        <div className="console-inline">
          <Select
            label="State"
            options={STATES}
            value={search.state ?? ANY}
            onChange={(state) =>
              void navigate({ search: (prev) => ({ org: prev.org, account: prev.account, state: state === ANY ? undefined : (state as JobState) }) })
            }
          />
          {search.account && (
            <Button variant="secondary" onPress={() => void navigate({ search: (prev) => ({ org: prev.org, state: prev.state }) })}>
              Show every account&apos;s jobs
            </Button>
          )}
          <Button variant="secondary" onPress={() => void refetch()}>
            Refresh
          </Button>
        </div>
        {loading && !connection && <Loading what="jobs" />}
        {error && <QueryError what="The jobs" error={error} onRetry={() => void refetch()} />}
        {connection && connection.totalCount === 0 && <EmptyState title="No jobs match">Jobs appear when a secondary address is added.</EmptyState>}
        {jobs.length > 0 && (
          <Table aria-label="Jobs">
            <TableHeader>
              <Column id="kind" isRowHeader>
                Job
              </Column>
              <Column id="state">State</Column>
              <Column id="attempts">Attempts</Column>
              <Column id="next">Next run</Column>
              <Column id="error">Last error</Column>
              <Column id="concerns">Concerns</Column>
            </TableHeader>
            <TableBody items={jobs}>
              {(job) => {
                const accountId = accountOf(job);
                return (
                  <Row id={job.id}>
                    <Cell>
                      {KINDS[job.kind] ?? job.kind}
                      <br />
                      <small>created {formatDate(job.createdAt)}</small>
                    </Cell>
                    <Cell>
                      <Badge tone={JOB_STATE[job.state].tone}>{JOB_STATE[job.state].label}</Badge>
                    </Cell>
                    <Cell>
                      {job.attempts} of {job.maxAttempts}
                    </Cell>
                    <Cell>
                      {job.state === "PENDING" || job.state === "RUNNING" ? formatDate(job.runAt) : job.doneAt ? `ended ${formatDate(job.doneAt)}` : "—"}
                    </Cell>
                    <Cell>{job.lastError ?? "—"}</Cell>
                    <Cell>
                      {job.address ?? "address removed"}
                      {accountId && (
                        <>
                          <br />
                          <Link to="/accounts/$accountId" params={{ accountId }}>
                            Open account
                          </Link>
                        </>
                      )}
                    </Cell>
                  </Row>
                );
              }}
            </TableBody>
          </Table>
        )}
        {connection && (
          <KeysetPagination
            noun="jobs"
            paging={search}
            totalCount={connection.totalCount}
            hasNextPage={connection.pageInfo.hasNextPage}
            endCursor={connection.pageInfo.endCursor}
            loading={loading}
            onChange={(next) => void navigate({ search: (prev) => ({ org: prev.org, state: prev.state, account: prev.account, ...next }) })}
          />
        )}
      </Card>
    </div>
  );
}
