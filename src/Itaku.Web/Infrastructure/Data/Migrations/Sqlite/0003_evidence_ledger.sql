-- 0003: the evidence ledger — logs, entries, tiles, signed checkpoints, log sources; audit events keep their leaf index.
-- Applied once by SchemaMigrator; never edit after release.

ALTER TABLE "AuditEvents" ADD "LedgerIndex" INTEGER NULL;

CREATE TABLE "LedgerLogs" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LedgerLogs" PRIMARY KEY AUTOINCREMENT,
    "Origin" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "ContractId" INTEGER NULL,
    "Name" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "RootHash" BLOB NOT NULL,
    "RetentionDays" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL
);

CREATE TABLE "LedgerCheckpoints" (
    "LogId" INTEGER NOT NULL,
    "Size" INTEGER NOT NULL,
    "Note" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "PK_LedgerCheckpoints" PRIMARY KEY ("LogId", "Size"),
    CONSTRAINT "FK_LedgerCheckpoints_LedgerLogs_LogId" FOREIGN KEY ("LogId") REFERENCES "LedgerLogs" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "LedgerEntries" (
    "LogId" INTEGER NOT NULL,
    "Index" INTEGER NOT NULL,
    "Data" BLOB NOT NULL,
    "ReceivedAt" TEXT NOT NULL,
    "EventTime" TEXT NULL,
    "ClockSkewed" INTEGER NOT NULL,
    CONSTRAINT "PK_LedgerEntries" PRIMARY KEY ("LogId", "Index"),
    CONSTRAINT "FK_LedgerEntries_LedgerLogs_LogId" FOREIGN KEY ("LogId") REFERENCES "LedgerLogs" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "LedgerTiles" (
    "LogId" INTEGER NOT NULL,
    "Level" INTEGER NOT NULL,
    "TileIndex" INTEGER NOT NULL,
    "Hashes" BLOB NOT NULL,
    CONSTRAINT "PK_LedgerTiles" PRIMARY KEY ("LogId", "Level", "TileIndex"),
    CONSTRAINT "FK_LedgerTiles_LedgerLogs_LogId" FOREIGN KEY ("LogId") REFERENCES "LedgerLogs" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "LogSources" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LogSources" PRIMARY KEY AUTOINCREMENT,
    "ContractId" INTEGER NOT NULL,
    "LogId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "TokenHash" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "RevokedAt" TEXT NULL,
    CONSTRAINT "FK_LogSources_Contracts_ContractId" FOREIGN KEY ("ContractId") REFERENCES "Contracts" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_LogSources_LedgerLogs_LogId" FOREIGN KEY ("LogId") REFERENCES "LedgerLogs" ("Id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_AuditEvents_LedgerIndex" ON "AuditEvents" ("LedgerIndex");

CREATE INDEX "IX_LedgerEntries_LogId_ClockSkewed" ON "LedgerEntries" ("LogId", "ClockSkewed");

CREATE INDEX "IX_LedgerEntries_LogId_ReceivedAt" ON "LedgerEntries" ("LogId", "ReceivedAt");

CREATE INDEX "IX_LedgerLogs_ContractId" ON "LedgerLogs" ("ContractId");

CREATE UNIQUE INDEX "IX_LedgerLogs_Origin" ON "LedgerLogs" ("Origin");

CREATE INDEX "IX_LogSources_ContractId" ON "LogSources" ("ContractId");

CREATE UNIQUE INDEX "IX_LogSources_LogId" ON "LogSources" ("LogId");

CREATE UNIQUE INDEX "IX_LogSources_TokenHash" ON "LogSources" ("TokenHash");
