import { canonical } from "../addresses/address-rules";
import type { Database } from "../db/database";
import { DomainEntity, DomainStatus } from "../domains/domain.entity";
import { AddressEntity } from "../addresses/address.entity";
import { PostroomError } from "../errors";
import type { Expansion, ExpansionService } from "./expansion.service";
import { SenderPolicy } from "./group.entity";

export interface SenderVerdict {
  allowed: boolean;
  policy: SenderPolicy;
  reason: string;
}

/** May `sender` mail this group? The rule behind checkSender and resolveAddress(…, sender). */
export class SenderService {
  constructor(
    private readonly db: Database,
    private readonly expansion: ExpansionService,
  ) {}

  /**
   * ANYONE: always. ORGANIZATION (the default): the sender's address is one of
   * the organization's, or on one of its verified domains. MEMBERS: the sender
   * is among the group's expanded members (its mailbox, or any address of a
   * member account, or a listed external address).
   */
  async verdict(
    group: { id: string; name: string; organizationId: string; senderPolicy: SenderPolicy },
    senderInput: string,
    expansion?: Expansion,
  ): Promise<SenderVerdict> {
    const policy = group.senderPolicy;
    if (policy === SenderPolicy.ANYONE) return { allowed: true, policy, reason: "anyone may send to this group" };
    let sender;
    try {
      sender = canonical(senderInput);
    } catch (error) {
      if (error instanceof PostroomError) return { allowed: false, policy, reason: "the sender is not a valid address" };
      throw error;
    }
    const address = await this.db.manager.findOne(AddressEntity, { where: { address: sender.subaddress?.base ?? sender.address } });
    const exact = address ?? (await this.db.manager.findOne(AddressEntity, { where: { address: sender.address } }));
    if (policy === SenderPolicy.ORGANIZATION) {
      if (exact && exact.organizationId === group.organizationId) return { allowed: true, policy, reason: "the sender belongs to the organization" };
      const domain = await this.db.manager.findOne(DomainEntity, {
        where: { organizationId: group.organizationId, name: sender.domain, status: DomainStatus.VERIFIED },
      });
      if (domain) return { allowed: true, policy, reason: "the sender is on one of the organization's domains" };
      // The group's own external members count as inside: the organization put them there.
      const members = expansion ?? (await this.expansion.expand(group));
      if (members.recipients.includes(sender.address)) return { allowed: true, policy, reason: "the sender is a member of the group" };
      return { allowed: false, policy, reason: "only senders inside the organization may send to this group" };
    }
    const members = expansion ?? (await this.expansion.expand(group));
    if (members.recipients.includes(sender.address)) return { allowed: true, policy, reason: "the sender is a member of the group" };
    if (exact?.accountId && members.accountIds.includes(exact.accountId))
      return { allowed: true, policy, reason: "the sender's account is a member of the group" };
    return { allowed: false, policy, reason: "only members may send to this group" };
  }
}
