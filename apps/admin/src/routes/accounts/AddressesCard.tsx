import { useQuery } from "@apollo/client/react";
import { AccountAddressesDocument } from "@postroom/schema";
import type { AccountPage_AccountFragment, AddressesTable_AddressFragment } from "@postroom/schema";
import { Alert, Badge, Button, Card, Cell, Column, Dialog, DialogTrigger, Row, Table, TableBody, TableHeader } from "@postroom/ui";
import { useState } from "react";
import { ADDRESS_KIND_LABELS, ADDRESS_STATUS, formatDate } from "../../components/labels";
import { EmptyState } from "../../components/EmptyState";
import { useRemoveAddressMutation } from "../../mutations/useRemoveAddressMutation";
import { useSetPrimaryAddressMutation } from "../../mutations/useSetPrimaryAddressMutation";
import { AddAliasForm, AddSecondaryForm } from "./AddAddressForms";
import type { AddedAddress } from "./AddAddressForms";
import { ConfirmActions } from "../../components/ConfirmActions";

/** How often a pending address is asked about again; provisioning takes seconds to minutes. */
const PENDING_POLL_MS = 1500;
const KIND_ORDER = { PRIMARY: 0, SECONDARY: 1, ALIAS: 2, GROUP: 3 } as const;

/** Asks for the addresses again while any is still being provisioned; the answer updates the page through the cache. */
function useRefreshWhilePending(accountId: string, addresses: readonly AddressesTable_AddressFragment[]) {
  const pending = addresses.some((a) => a.status === "PENDING_PROVISIONING");
  useQuery(AccountAddressesDocument, {
    variables: { id: accountId },
    skip: !pending,
    pollInterval: PENDING_POLL_MS,
    fetchPolicy: "network-only",
  });
  return pending;
}

export function AddressesCard({ account, admin }: { account: AccountPage_AccountFragment; admin: boolean }) {
  const addresses = [...(account.addresses ?? [])].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.address.localeCompare(b.address));
  const pending = useRefreshWhilePending(account.id, addresses);
  const [added, setAdded] = useState<AddedAddress | null>(null);
  const setPrimary = useSetPrimaryAddressMutation();
  const active = account.status === "ACTIVE";

  return (
    <Card
      title="Addresses"
      toolbar={
        admin && active ? (
          <div className="console-actions console-actions--toolbar">
            <DialogTrigger>
              <Button>Add alias</Button>
              <Dialog title="Add an alias">{(close) => <AddAliasForm accountId={account.id} onDone={(result) => (setAdded(result), close())} />}</Dialog>
            </DialogTrigger>
            {account.exchangeEnabled && (
              <DialogTrigger>
                <Button variant="secondary">Add secondary address</Button>
                <Dialog title="Add a secondary address">
                  {(close) => <AddSecondaryForm accountId={account.id} onDone={(result) => (setAdded(result), close())} />}
                </Dialog>
              </DialogTrigger>
            )}
          </div>
        ) : undefined
      }
    >
      {added && (
        <Alert tone={added.tone} title={added.title}>
          {added.text}
        </Alert>
      )}
      {setPrimary.error && <Alert>{setPrimary.error.message}</Alert>}
      {pending && (
        <p className="console-hint" role="status">
          An address is being provisioned by the mail system; this table updates by itself.
        </p>
      )}
      {addresses.length === 0 ? (
        <EmptyState title="No addresses">{account.primaryAddress ? null : "This account was offboarded; its addresses belong to a colleague now."}</EmptyState>
      ) : (
        <Table aria-label="Addresses">
          <TableHeader>
            <Column id="address" isRowHeader>
              Address
            </Column>
            <Column id="kind">Kind</Column>
            <Column id="status">Status</Column>
            <Column id="created">Created</Column>
            <Column id="actions">Actions</Column>
          </TableHeader>
          <TableBody items={addresses}>
            {(address) => (
              <Row id={address.id}>
                <Cell>{address.unicodeAddress}</Cell>
                <Cell className="console-nowrap">{ADDRESS_KIND_LABELS[address.kind]}</Cell>
                <Cell>
                  <Badge tone={ADDRESS_STATUS[address.status].tone}>{ADDRESS_STATUS[address.status].label}</Badge>
                </Cell>
                <Cell className="console-nowrap">{formatDate(address.createdAt)}</Cell>
                <Cell>
                  {admin && address.kind !== "PRIMARY" && (
                    <div className="console-row-actions">
                      {address.status === "ACTIVE" && active && (
                        <Button
                          variant="secondary"
                          disabled={setPrimary.loading}
                          aria-label={`Make primary: ${address.unicodeAddress}`}
                          onPress={() => void setPrimary.run({ accountId: account.id, address: address.address })}
                        >
                          Make primary
                        </Button>
                      )}
                      <RemoveAddressButton accountId={account.id} address={address} />
                    </div>
                  )}
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}

function RemoveAddressButton({ accountId, address }: { accountId: string; address: AddressesTable_AddressFragment }) {
  const remove = useRemoveAddressMutation(accountId);
  return (
    <DialogTrigger>
      <Button variant="quiet" aria-label={`Remove ${address.unicodeAddress}`}>
        Remove
      </Button>
      <Dialog title={`Remove ${address.unicodeAddress}?`}>
        {(close) => (
          <div className="console-form">
            <p>Mail to {address.unicodeAddress} stops arriving at once, and the address becomes free for anyone in the organization to take.</p>
            {remove.error && <Alert>{remove.error.message}</Alert>}
            <ConfirmActions
              danger
              confirm="Remove address"
              busy="Removing…"
              loading={remove.loading}
              onConfirm={async () => {
                if (await remove.run({ id: address.id })) close();
              }}
            />
          </div>
        )}
      </Dialog>
    </DialogTrigger>
  );
}
