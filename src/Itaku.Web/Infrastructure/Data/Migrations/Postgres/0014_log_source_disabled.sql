-- 0014: a log source can be disabled (ingest refused until it is enabled again); revoking stays permanent (RevokedAt).
-- Applied once by SchemaMigrator; never edit after release.

ALTER TABLE "LogSources" ADD "DisabledAt" timestamp with time zone NULL;
