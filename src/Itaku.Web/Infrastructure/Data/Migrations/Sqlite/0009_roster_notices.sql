-- 0009: the roster (従事者名簿) and notices (届出・報告) (issue 5, items 1 and 2).
-- Names and contact details are ciphertext (AtRestCipher, ADR 0011).
-- Applied once by SchemaMigrator; never edit after release.

CREATE TABLE "RosterVersions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RosterVersions" PRIMARY KEY AUTOINCREMENT,
    "ContractId" INTEGER NOT NULL,
    "Number" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "Note" TEXT NULL,
    "CreatedById" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "SubmittedById" TEXT NULL,
    "SubmittedAt" TEXT NULL,
    "AcknowledgedById" TEXT NULL,
    "AcknowledgedAt" TEXT NULL,
    CONSTRAINT "FK_RosterVersions_AspNetUsers_CreatedById" FOREIGN KEY ("CreatedById") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RosterVersions_Contracts_ContractId" FOREIGN KEY ("ContractId") REFERENCES "Contracts" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Notices" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Notices" PRIMARY KEY AUTOINCREMENT,
    "ContractId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "FieldsJson" TEXT NOT NULL,
    "RosterVersionId" INTEGER NULL,
    "SubmittedById" TEXT NOT NULL,
    "SubmittedAt" TEXT NOT NULL,
    "AcknowledgedById" TEXT NULL,
    "AcknowledgedAt" TEXT NULL,
    "AcknowledgementComment" TEXT NULL,
    CONSTRAINT "FK_Notices_AspNetUsers_SubmittedById" FOREIGN KEY ("SubmittedById") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Notices_Contracts_ContractId" FOREIGN KEY ("ContractId") REFERENCES "Contracts" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Notices_RosterVersions_RosterVersionId" FOREIGN KEY ("RosterVersionId") REFERENCES "RosterVersions" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "RosterEmergencyContacts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RosterEmergencyContacts" PRIMARY KEY AUTOINCREMENT,
    "RosterVersionId" INTEGER NOT NULL,
    "Position" INTEGER NOT NULL,
    "PersonKey" TEXT NOT NULL,
    "NameCipher" TEXT NOT NULL,
    "PhoneCipher" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "Hours" TEXT NOT NULL,
    CONSTRAINT "FK_RosterEmergencyContacts_RosterVersions_RosterVersionId" FOREIGN KEY ("RosterVersionId") REFERENCES "RosterVersions" ("Id") ON DELETE CASCADE
);

CREATE TABLE "RosterEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RosterEntries" PRIMARY KEY AUTOINCREMENT,
    "RosterVersionId" INTEGER NOT NULL,
    "Position" INTEGER NOT NULL,
    "PersonKey" TEXT NOT NULL,
    "NameCipher" TEXT NOT NULL,
    "ContactCipher" TEXT NULL,
    "Role" TEXT NOT NULL,
    "Responsibilities" TEXT NOT NULL,
    "WorkScope" TEXT NOT NULL,
    "WorkLocation" TEXT NOT NULL,
    "HandlesPersonalInformation" INTEGER NOT NULL,
    "HandlesMedia" INTEGER NOT NULL,
    CONSTRAINT "FK_RosterEntries_RosterVersions_RosterVersionId" FOREIGN KEY ("RosterVersionId") REFERENCES "RosterVersions" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_RosterVersions_ContractId_Number" ON "RosterVersions" ("ContractId", "Number");

CREATE INDEX "IX_RosterVersions_CreatedById" ON "RosterVersions" ("CreatedById");

CREATE INDEX "IX_Notices_ContractId_Kind" ON "Notices" ("ContractId", "Kind");

CREATE INDEX "IX_Notices_RosterVersionId" ON "Notices" ("RosterVersionId");

CREATE INDEX "IX_Notices_SubmittedById" ON "Notices" ("SubmittedById");

CREATE INDEX "IX_RosterEmergencyContacts_RosterVersionId_Position" ON "RosterEmergencyContacts" ("RosterVersionId", "Position");

CREATE INDEX "IX_RosterEntries_RosterVersionId_Position" ON "RosterEntries" ("RosterVersionId", "Position");
