import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { AddressKind, AddressStatus } from "./address.entity";

registerEnumType(AddressKind, { name: "AddressKind" });
registerEnumType(AddressStatus, {
  name: "AddressStatus",
  valuesConfig: {
    ACTIVE: { description: "Routes mail." },
    PENDING_PROVISIONING: { description: "Reserved; routes once the mail system has provisioned it." },
    REMOVED: { description: "Only in removeAddress's answer: the address was deleted, is free again and routes nowhere." },
  },
});

@ObjectType({ simpleResolvers: true, description: "One routable address; unique across the whole system." })
export class Address {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: "Canonical ASCII form." })
  address: string;

  @Field(() => AddressKind)
  kind: AddressKind;

  @Field(() => AddressStatus)
  status: AddressStatus;

  @Field(() => Date)
  createdAt: Date;

  accountId: string | null;
  organizationId: string;
}

@ObjectType({ simpleResolvers: true, description: "Whether an organization could use an address, and why not." })
export class AddressAvailability {
  @Field(() => String, { nullable: true, description: "Canonical form; null when the input is not an address." })
  address: string | null;

  @Field(() => String, { nullable: true })
  unicodeAddress: string | null;

  @Field(() => Boolean)
  available: boolean;

  @Field(() => String, { nullable: true, description: "An error code from the contract, e.g. ADDRESS_TAKEN." })
  reason: string | null;

  @Field(() => String)
  message: string;
}
