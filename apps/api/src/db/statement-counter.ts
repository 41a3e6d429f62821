import type { Logger } from "typeorm";

/**
 * Counts every SQL statement the process sends, through TypeORM or the raw
 * runner, so tests and the benchmark can assert how many one operation costs.
 */
export class StatementCounter {
  count = 0;
}

export class CountingLogger implements Logger {
  constructor(private readonly counter: StatementCounter) {}
  logQuery(): void {
    this.counter.count++;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
