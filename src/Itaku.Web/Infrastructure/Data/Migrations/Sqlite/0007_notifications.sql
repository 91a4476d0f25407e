-- 0007: notifications — each user's inbox, and the outbox state of each notification's e-mail copy.
-- Applied once by SchemaMigrator; never edit after release.

CREATE TABLE "Notifications" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Notifications" PRIMARY KEY AUTOINCREMENT,
    "RecipientId" TEXT NOT NULL,
    "ContractId" INTEGER NULL,
    "Kind" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "Link" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ReadAt" TEXT NULL,
    "DedupKey" TEXT NULL,
    "EmailState" TEXT NOT NULL,
    "EmailAttempts" INTEGER NOT NULL,
    "EmailLastError" TEXT NULL,
    "EmailNextAttemptAt" TEXT NULL,
    "EmailSentAt" TEXT NULL,
    CONSTRAINT "FK_Notifications_AspNetUsers_RecipientId" FOREIGN KEY ("RecipientId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_Notifications_Contracts_ContractId" FOREIGN KEY ("ContractId") REFERENCES "Contracts" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_Notifications_ContractId" ON "Notifications" ("ContractId");

CREATE INDEX "IX_Notifications_EmailState_EmailNextAttemptAt" ON "Notifications" ("EmailState", "EmailNextAttemptAt");

CREATE UNIQUE INDEX "IX_Notifications_RecipientId_DedupKey" ON "Notifications" ("RecipientId", "DedupKey");

CREATE INDEX "IX_Notifications_RecipientId_ReadAt_Id" ON "Notifications" ("RecipientId", "ReadAt", "Id");
