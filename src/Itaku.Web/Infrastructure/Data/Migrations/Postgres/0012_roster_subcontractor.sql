-- 0012: a roster version may be an approved subcontractor's own roster (G14-3); null = the contractor's.
-- Applied once by SchemaMigrator; never edit after release.

ALTER TABLE "RosterVersions" ADD "OrganizationId" bigint NULL;
