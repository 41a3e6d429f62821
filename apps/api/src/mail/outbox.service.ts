import { requireOperator } from "../auth/authorize";
import type { Principal } from "../auth/principal";
import { type Page, decodeCursor, pageSize, toPage } from "../common/connection";
import type { Database } from "../db/database";
import { BadUserInputError } from "../errors";
import { OutboxMessageEntity } from "./outbox.entity";

/** The embedded mail outbox, newest first; operators only (messages carry confirmation links). */
export class OutboxService {
  constructor(private readonly db: Database) {}

  async list(principal: Principal | null, first?: number | null, after?: string | null): Promise<Page<OutboxMessageEntity>> {
    requireOperator(principal);
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ["serial"]);
    const qb = this.db.manager
      .createQueryBuilder(OutboxMessageEntity, "o")
      .orderBy("o.id", "DESC")
      .take(limit + 1);
    if (cursor) {
      const id = Number(cursor[0]);
      if (!Number.isSafeInteger(id)) throw new BadUserInputError("The cursor is not valid.");
      qb.where("o.id < :id", { id });
    }
    return toPage(
      await qb.getMany(),
      limit,
      (o) => [Number(o.id)],
      () => this.db.manager.count(OutboxMessageEntity),
    );
  }
}
