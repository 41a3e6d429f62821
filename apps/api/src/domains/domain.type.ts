import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DomainStatus, MailService } from "./domain.entity";

registerEnumType(DomainStatus, { name: "DomainStatus" });
registerEnumType(MailService, {
  name: "MailService",
  description: "A domain serves one mail service at a time.",
});

@ObjectType({ simpleResolvers: true, description: "The DNS record the domain's owner publishes to prove ownership." })
export class VerificationRecord {
  @Field(() => String)
  name: string;

  @Field(() => String)
  type: string;

  @Field(() => String)
  value: string;
}

@ObjectType({ simpleResolvers: true })
export class Domain {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: "ASCII (punycode) form." })
  name: string;

  @Field(() => String)
  unicodeName: string;

  @Field(() => DomainStatus)
  status: DomainStatus;

  @Field(() => MailService)
  mailService: MailService;

  @Field(() => VerificationRecord, { nullable: true, description: "The TXT record to publish. Admins only." })
  verificationRecord: VerificationRecord | null;

  @Field(() => Date, { nullable: true })
  verifiedAt: Date | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => [String], {
    nullable: true,
    description:
      "Only in verifyDomain's answer: the addresses other organizations held on this domain that this verification released (the verified owner's namespace wins); empty when there were none. Null elsewhere; the audit log (domain.verify) keeps the list.",
  })
  releasedAddresses?: string[] | null;

  organizationId: string;
}
