-- 0006: official documents (書面) — numbered per contract and fiscal year, HTML snapshot and PDF with their SHA-256.
-- Applied once by SchemaMigrator; never edit after release.

CREATE TABLE "OfficialDocuments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_OfficialDocuments" PRIMARY KEY AUTOINCREMENT,
    "ContractId" INTEGER NOT NULL,
    "FiscalYear" INTEGER NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "Number" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Addressee" TEXT NOT NULL,
    "Sender" TEXT NOT NULL,
    "IssuedAt" TEXT NOT NULL,
    "Html" TEXT NOT NULL,
    "HtmlSha256" TEXT NOT NULL,
    "Pdf" BLOB NULL,
    "PdfSha256" TEXT NULL,
    "PdfStatus" TEXT NOT NULL,
    "PdfError" TEXT NULL,
    "PdfCreatedAt" TEXT NULL,
    "RelatedType" TEXT NULL,
    "RelatedId" TEXT NULL,
    "LedgerIndex" INTEGER NULL,
    "PdfLedgerIndex" INTEGER NULL,
    CONSTRAINT "FK_OfficialDocuments_Contracts_ContractId" FOREIGN KEY ("ContractId") REFERENCES "Contracts" ("Id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_OfficialDocuments_ContractId_FiscalYear_Sequence" ON "OfficialDocuments" ("ContractId", "FiscalYear", "Sequence");
CREATE INDEX "IX_OfficialDocuments_HtmlSha256" ON "OfficialDocuments" ("HtmlSha256");
CREATE INDEX "IX_OfficialDocuments_PdfSha256" ON "OfficialDocuments" ("PdfSha256");
CREATE INDEX "IX_OfficialDocuments_PdfStatus" ON "OfficialDocuments" ("PdfStatus");
CREATE INDEX "IX_OfficialDocuments_RelatedType_RelatedId" ON "OfficialDocuments" ("RelatedType", "RelatedId");
