-- 0013: the day a contract became active, which starts its event duties and sets its record start date
-- (記録開始日, ADR 0014), and the due-date reminders already sent to each person (one digest a day).
-- Contracts already active are taken as activated on the day they were registered (in Tokyo).
-- Applied once by SchemaMigrator; never edit after release.

ALTER TABLE "Contracts" ADD "ActivatedOn" date NULL;

UPDATE "Contracts" SET "ActivatedOn" = ("CreatedAt" AT TIME ZONE 'Asia/Tokyo')::date WHERE "Status" <> 'Draft';

CREATE TABLE "DueReminderMarks" (
    "RecipientId" uuid NOT NULL,
    "ItemKey" character varying(200) NOT NULL,
    "SentOn" date NOT NULL,
    CONSTRAINT "PK_DueReminderMarks" PRIMARY KEY ("RecipientId", "ItemKey"),
    CONSTRAINT "FK_DueReminderMarks_AspNetUsers_RecipientId" FOREIGN KEY ("RecipientId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
