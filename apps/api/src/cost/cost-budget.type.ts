import { Field, ID, InputType, Int, ObjectType } from "type-graphql";

@ObjectType({ simpleResolvers: true, description: "An organization's cost budget: each principal's leaky bucket." })
export class CostBudget {
  @Field(() => ID)
  organizationId: string;

  @Field(() => Int, { description: "Points a bucket holds (maximumAvailable)." })
  bucketSize: number;

  @Field(() => Int, { description: "Points restored per second." })
  restoreRate: number;

  @Field(() => Boolean, { description: "True when the organization uses the server's default." })
  isDefault: boolean;
}

@InputType()
export class CostBudgetInput {
  @Field(() => Int, { nullable: true, description: "Null: the server's default (COST_BUCKET_SIZE)." })
  bucketSize?: number | null;

  @Field(() => Int, { nullable: true, description: "Null: the server's default (COST_RESTORE_RATE)." })
  restoreRate?: number | null;
}
