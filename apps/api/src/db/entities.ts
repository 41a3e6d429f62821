import { AccountEntity } from "../accounts/account.entity";
import { ApiKeyEntity } from "../api-keys/api-key.entity";
import { AddressEntity } from "../addresses/address.entity";
import { AliasClaimEntity } from "../addresses/alias-claim.entity";
import { AuditEventEntity } from "../audit/audit-event.entity";
import { OperatorEntity } from "../auth/operator.entity";
import { SessionEntity } from "../auth/session.entity";
import { DomainEntity } from "../domains/domain.entity";
import { GroupEntity, GroupMemberEntity, GroupOwnerEntity } from "../groups/group.entity";
import { IdempotencyRequestEntity } from "../idempotency/idempotency-request.entity";
import { JobEntity } from "../jobs/job.entity";
import { ProviderLedgerEntity } from "../jobs/provider-ledger.entity";
import { OutboxMessageEntity } from "../mail/outbox.entity";
import { OrganizationEntity } from "../organizations/organization.entity";
import { EventEntity } from "../events/event.entity";
import { WebhookDeliveryEntity } from "../webhooks/webhook-delivery.entity";
import { WebhookEndpointEntity } from "../webhooks/webhook-endpoint.entity";

export const ENTITIES = [
  OrganizationEntity,
  DomainEntity,
  AccountEntity,
  AddressEntity,
  OperatorEntity,
  SessionEntity,
  AuditEventEntity,
  AliasClaimEntity,
  OutboxMessageEntity,
  JobEntity,
  ProviderLedgerEntity,
  GroupEntity,
  GroupMemberEntity,
  GroupOwnerEntity,
  EventEntity,
  WebhookEndpointEntity,
  WebhookDeliveryEntity,
  ApiKeyEntity,
  IdempotencyRequestEntity,
];
