-- 0011: ingest write path — the clock-skew index only holds the rare skewed entries (partial index), so an
-- ingested entry writes one secondary index entry instead of two (docs/benchmarks.md). The per-log count of
-- skewed entries (log source list) still reads only this index.
-- Applied once by SchemaMigrator; never edit after release.

DROP INDEX "IX_LedgerEntries_LogId_ClockSkewed";

CREATE INDEX "IX_LedgerEntries_LogId_ClockSkewed" ON "LedgerEntries" ("LogId", "ClockSkewed") WHERE "ClockSkewed";
