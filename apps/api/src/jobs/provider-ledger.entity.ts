import { Column, Entity, PrimaryColumn } from "typeorm";

/** What the built-in mail provider has been asked to provision, once per idempotency key. */
@Entity("provider_ledger")
export class ProviderLedgerEntity {
  @PrimaryColumn({ name: "idempotency_key", type: "varchar", length: 120 })
  idempotencyKey: string;

  @Column({ type: "varchar", length: 254 })
  address: string;

  /** How often it was asked (a retried job asks again; the key makes that harmless). */
  @Column({ type: "int" })
  calls: number;

  @Column({ name: "first_called_at", type: "datetime" })
  firstCalledAt: Date;

  @Column({ name: "last_called_at", type: "datetime" })
  lastCalledAt: Date;
}
