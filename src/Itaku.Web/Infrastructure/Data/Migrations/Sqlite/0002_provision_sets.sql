-- 0002: provision sets (imported and shipped), the set each contract is signed with and its frozen
-- snapshot, and obligations an Owner declared not applicable.
-- Applied once by SchemaMigrator; never edit after release.

CREATE TABLE "ProvisionSets" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ProvisionSets" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Version" TEXT NOT NULL,
    "TitleJa" TEXT NOT NULL,
    "TitleEn" TEXT NOT NULL,
    "IssuerJa" TEXT NOT NULL,
    "IssuerEn" TEXT NOT NULL,
    "Json" TEXT NOT NULL,
    "Sha256" TEXT NOT NULL,
    "ImportedAt" TEXT NOT NULL,
    "ImportedById" TEXT NULL,
    "ImportedBy" TEXT NOT NULL,
    CONSTRAINT "FK_ProvisionSets_AspNetUsers_ImportedById" FOREIGN KEY ("ImportedById") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT
);

-- SQLite adds a column with its foreign key inline (ALTER TABLE cannot add a named constraint).
ALTER TABLE "Contracts" ADD "ProvisionSetId" INTEGER NULL
    CONSTRAINT "FK_Contracts_ProvisionSets_ProvisionSetId" REFERENCES "ProvisionSets" ("Id") ON DELETE RESTRICT;

CREATE TABLE "ContractProvisionSnapshots" (
    "ContractId" INTEGER NOT NULL CONSTRAINT "PK_ContractProvisionSnapshots" PRIMARY KEY,
    "Code" TEXT NOT NULL,
    "Version" TEXT NOT NULL,
    "Json" TEXT NOT NULL,
    "Sha256" TEXT NOT NULL,
    "TakenAt" TEXT NOT NULL,
    CONSTRAINT "FK_ContractProvisionSnapshots_Contracts_ContractId" FOREIGN KEY ("ContractId") REFERENCES "Contracts" ("Id") ON DELETE CASCADE
);

CREATE TABLE "NotApplicableObligations" (
    "ContractId" INTEGER NOT NULL,
    "ObligationKey" TEXT NOT NULL,
    "Reason" TEXT NOT NULL,
    "DecidedAt" TEXT NOT NULL,
    "DecidedById" TEXT NOT NULL,
    CONSTRAINT "PK_NotApplicableObligations" PRIMARY KEY ("ContractId", "ObligationKey"),
    CONSTRAINT "FK_NotApplicableObligations_AspNetUsers_DecidedById" FOREIGN KEY ("DecidedById") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_NotApplicableObligations_Contracts_ContractId" FOREIGN KEY ("ContractId") REFERENCES "Contracts" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_ProvisionSets_Code_Version" ON "ProvisionSets" ("Code", "Version");

CREATE INDEX "IX_ProvisionSets_ImportedById" ON "ProvisionSets" ("ImportedById");

CREATE INDEX "IX_Contracts_ProvisionSetId" ON "Contracts" ("ProvisionSetId");

CREATE INDEX "IX_NotApplicableObligations_DecidedById" ON "NotApplicableObligations" ("DecidedById");
