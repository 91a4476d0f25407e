-- 0008: requests (申請) and their revisions (issue 5: written procedures).
-- Applied once by SchemaMigrator; never edit after release.

CREATE TABLE "Requests" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Requests" PRIMARY KEY AUTOINCREMENT,
    "ContractId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Revision" INTEGER NOT NULL,
    "CreatedById" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "DecidedById" TEXT NULL,
    "DecidedAt" TEXT NULL,
    "DecisionNote" TEXT NULL,
    "ValidFrom" TEXT NULL,
    "ValidUntil" TEXT NULL,
    CONSTRAINT "FK_Requests_AspNetUsers_CreatedById" FOREIGN KEY ("CreatedById") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Requests_Contracts_ContractId" FOREIGN KEY ("ContractId") REFERENCES "Contracts" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "RequestRevisions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RequestRevisions" PRIMARY KEY AUTOINCREMENT,
    "RequestId" INTEGER NOT NULL,
    "Number" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "FieldsJson" TEXT NOT NULL,
    "AuthorId" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "SubmittedAt" TEXT NULL,
    "SubmittedById" TEXT NULL,
    "ReturnedAt" TEXT NULL,
    "ReturnedById" TEXT NULL,
    "ReturnReason" TEXT NULL,
    CONSTRAINT "FK_RequestRevisions_AspNetUsers_AuthorId" FOREIGN KEY ("AuthorId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RequestRevisions_Requests_RequestId" FOREIGN KEY ("RequestId") REFERENCES "Requests" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_RequestRevisions_AuthorId" ON "RequestRevisions" ("AuthorId");

CREATE UNIQUE INDEX "IX_RequestRevisions_RequestId_Number" ON "RequestRevisions" ("RequestId", "Number");

CREATE INDEX "IX_Requests_ContractId_Kind_Status" ON "Requests" ("ContractId", "Kind", "Status");

CREATE INDEX "IX_Requests_CreatedById" ON "Requests" ("CreatedById");
