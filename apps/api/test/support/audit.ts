import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { AuditEventsDocument, type AuditEventsQuery } from "../generated/graphql";
import type { Dialect } from "./databases";
import { type TestApp, useTestApp } from "./harness";

/** Shared by the audit suites (audit-mutations, audit-atomicity, audit-reading). */

export type AuditNode = AuditEventsQuery["auditEvents"]["edges"][number]["node"];

export async function auditRows(app: TestApp): Promise<number> {
  return app.count("audit_event");
}

/** The usual test app, with helpers that check how many audit events a mutation wrote. */
export function useAuditTrail(dialect: Dialect) {
  const app = useTestApp(dialect);

  /** Runs one mutation that must succeed and returns its data and the one audit event it wrote. */
  async function audited<TResult, TVariables extends Record<string, unknown>>(
    orgId: () => string,
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
    token: string,
  ): Promise<{ data: TResult; event: AuditNode }> {
    const before = await auditRows(app);
    const data = await app.request(document, variables, token);
    expect(await auditRows(app)).toBe(before + 1);
    const page = await app.request(AuditEventsDocument, { organizationId: orgId(), first: 1 });
    return { data, event: page.auditEvents.edges[0].node };
  }

  /** Runs one mutation that must be refused with `code` and checks that no audit event appeared. */
  async function refused<TResult, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
    token: string,
    code: string,
  ): Promise<void> {
    const before = await auditRows(app);
    expect(await app.code(document, variables, token)).toBe(code);
    expect(await auditRows(app)).toBe(before);
  }

  return { app, audited, refused };
}
