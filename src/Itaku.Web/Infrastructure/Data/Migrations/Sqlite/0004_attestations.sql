-- 0004: attestations (the contractor's Responsible attests an obligation no other record proves; the
-- Owner accepts or returns it) and their attachments, encrypted at rest with AES-256-GCM (ADR 6).
-- Applied once by SchemaMigrator; never edit after release.

CREATE TABLE "Attestations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Attestations" PRIMARY KEY AUTOINCREMENT,
    "ContractId" INTEGER NOT NULL,
    "ObligationKey" TEXT NOT NULL,
    "Statement" TEXT NOT NULL,
    "ValidFrom" TEXT NOT NULL,
    "ValidUntil" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "BasedOnId" INTEGER NULL,
    "SubmittedById" TEXT NOT NULL,
    "SubmittedAt" TEXT NOT NULL,
    "DecidedById" TEXT NULL,
    "DecidedAt" TEXT NULL,
    "DecisionComment" TEXT NULL,
    CONSTRAINT "FK_Attestations_AspNetUsers_DecidedById" FOREIGN KEY ("DecidedById") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Attestations_AspNetUsers_SubmittedById" FOREIGN KEY ("SubmittedById") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Attestations_Attestations_BasedOnId" FOREIGN KEY ("BasedOnId") REFERENCES "Attestations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Attestations_Contracts_ContractId" FOREIGN KEY ("ContractId") REFERENCES "Contracts" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AttestationAttachments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AttestationAttachments" PRIMARY KEY AUTOINCREMENT,
    "AttestationId" INTEGER NOT NULL,
    "Ordinal" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "Nonce" BLOB NOT NULL,
    "Ciphertext" BLOB NOT NULL,
    "KeyId" TEXT NOT NULL,
    CONSTRAINT "FK_AttestationAttachments_Attestations_AttestationId" FOREIGN KEY ("AttestationId") REFERENCES "Attestations" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_AttestationAttachments_AttestationId_Ordinal" ON "AttestationAttachments" ("AttestationId", "Ordinal");

CREATE INDEX "IX_Attestations_BasedOnId" ON "Attestations" ("BasedOnId");

CREATE INDEX "IX_Attestations_ContractId_ObligationKey" ON "Attestations" ("ContractId", "ObligationKey");

CREATE INDEX "IX_Attestations_DecidedById" ON "Attestations" ("DecidedById");

CREATE INDEX "IX_Attestations_SubmittedById" ON "Attestations" ("SubmittedById");
