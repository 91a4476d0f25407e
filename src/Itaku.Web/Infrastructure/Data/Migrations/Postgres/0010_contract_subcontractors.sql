-- 0010: subcontractors approved for a contract (G14, S4), added when a subcontracting request is approved.
-- Applied once by SchemaMigrator; never edit after release.

CREATE TABLE "ContractSubcontractors" (
    "ContractId" bigint NOT NULL,
    "OrganizationId" bigint NOT NULL,
    "RequestId" bigint NOT NULL,
    "AddedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_ContractSubcontractors" PRIMARY KEY ("ContractId", "OrganizationId"),
    CONSTRAINT "FK_ContractSubcontractors_Contracts_ContractId" FOREIGN KEY ("ContractId") REFERENCES "Contracts" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ContractSubcontractors_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_ContractSubcontractors_OrganizationId" ON "ContractSubcontractors" ("OrganizationId");
