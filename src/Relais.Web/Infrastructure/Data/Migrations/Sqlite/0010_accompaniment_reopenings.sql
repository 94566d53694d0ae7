-- Reopening a closed accompaniment file (docs/decisions/0015-person-access-export-retention.md): the reason, who and when,
-- and the closure it undid (reopening clears the file's closure fields).

CREATE TABLE "AccompanimentReopenings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AccompanimentReopenings" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "AccompanimentId" TEXT NOT NULL,
    "ReopenedOn" TEXT NOT NULL,
    "ByUserId" TEXT NULL,
    "ByName" TEXT NOT NULL,
    "Reason" TEXT NOT NULL,
    "PreviousOutcome" INTEGER NULL,
    "PreviousClosedOn" TEXT NULL,
    "PreviousLastContactOn" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_AccompanimentReopenings_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_AccompanimentReopenings_AccompanimentId_ReopenedOn" ON "AccompanimentReopenings" ("AccompanimentId", "ReopenedOn");
