-- Reopening a closed accompaniment file (docs/decisions/0015-person-access-export-retention.md): the reason, who and when,
-- and the closure it undid (reopening clears the file's closure fields).

CREATE TABLE "AccompanimentReopenings" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "AccompanimentId" uuid NOT NULL,
    "ReopenedOn" date NOT NULL,
    "ByUserId" uuid,
    "ByName" character varying(160) NOT NULL,
    "Reason" character varying(1000) NOT NULL,
    "PreviousOutcome" integer,
    "PreviousClosedOn" date,
    "PreviousLastContactOn" date,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_AccompanimentReopenings" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_AccompanimentReopenings_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_AccompanimentReopenings_AccompanimentId_ReopenedOn" ON "AccompanimentReopenings" ("AccompanimentId", "ReopenedOn");
