import { Field, ID, ObjectType } from "type-graphql";
import { Connection } from "../common/connection";

/** `scopes`, `domains`, `allowedIps`, `previousSecretExpiresAt` and `createdBy` are resolved from the entity (api-key.resolver.ts). */
@ObjectType({ description: "An integrator's credential. Its secret is shown once, by createApiKey and rotateApiKey; never afterwards." })
export class ApiKey {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true, description: "null: an operator-wide key." })
  organizationId: string | null;

  @Field(() => String)
  name: string;

  @Field(() => Date)
  expiresAt: Date;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: "Recorded at most once a minute." })
  lastUsedAt: Date | null;

  @Field(() => String, { nullable: true })
  lastUsedIp: string | null;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;
}

@ObjectType({ simpleResolvers: true })
export class ApiKeySecretPayload {
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @Field(() => String, { description: "The secret (prk_…), shown only in this answer: send it as `Authorization: Bearer <secret>`." })
  secret: string;
}

export const ApiKeyConnection = Connection("ApiKey", ApiKey);
