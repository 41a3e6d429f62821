import { Column, Entity, PrimaryColumn } from "typeorm";

@Entity("organization")
export class OrganizationEntity {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id: string;

  @Column({ type: "varchar", length: 200 })
  name: string;

  /** `name` folded for search (searchFold); written with the name. */
  @Column({ name: "search_name", type: "varchar", length: 200, default: "" })
  searchName: string;

  @Column({ name: "alias_self_service", type: "boolean" })
  aliasSelfService: boolean;

  @Column({ name: "max_aliases_per_account", type: "int", nullable: true })
  maxAliasesPerAccount: number | null;

  /** Cost budget override (operators; null: the default). Read and written by cost/cost-budget.service.ts. */
  @Column({ name: "cost_bucket_size", type: "int", nullable: true })
  costBucketSize: number | null;

  @Column({ name: "cost_restore_rate", type: "int", nullable: true })
  costRestoreRate: number | null;

  @Column({ name: "created_at", type: "datetime" })
  createdAt: Date;
}
