-- 0005: evidence-ledger retention — each log's pruned boundary; a pruned entry keeps its leaf hash.
-- Applied once by SchemaMigrator; never edit after release.

ALTER TABLE "LedgerLogs" ADD "PrunedBefore" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "LedgerEntries" ADD "LeafHash" BLOB NULL;
