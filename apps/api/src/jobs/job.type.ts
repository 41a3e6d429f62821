import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "../common/connection";
import { JobState } from "./job.entity";

registerEnumType(JobState, { name: "JobState" });

@ObjectType({ simpleResolvers: true, description: "Durable background work, e.g. provisioning a secondary address." })
export class Job {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: "e.g. provision-address" })
  kind: string;

  @Field(() => JobState)
  state: JobState;

  @Field(() => Int)
  attempts: number;

  @Field(() => Int)
  maxAttempts: number;

  @Field(() => Date, { description: "When it is (next) due." })
  runAt: Date;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => Date, { nullable: true })
  doneAt: Date | null;

  @Field(() => Date)
  createdAt: Date;
}

export const JobConnection = Connection("Job", Job);
