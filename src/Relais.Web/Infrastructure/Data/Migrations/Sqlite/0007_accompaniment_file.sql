-- The individual accompaniment file (issue 4, part A): the scope of the consent, the referents, the person's own
-- account, the next review and the closure on the accompaniment itself; strengths and resources; the organisation's
-- catalogue of rights (seeded on first use) and each file's rights check; goals with their reviews and actions;
-- meetings. Numbered 0006 on this branch: the migrator refuses gaps (0007_accompaniment_file in the plan).

ALTER TABLE "Accompaniments" ADD "ConsentScope" TEXT NULL;
ALTER TABLE "Accompaniments" ADD "OwnAccount" TEXT NULL;
ALTER TABLE "Accompaniments" ADD "NextReviewOn" TEXT NULL;
ALTER TABLE "Accompaniments" ADD "ClosureOutcome" INTEGER NULL;
ALTER TABLE "Accompaniments" ADD "ClosureComment" TEXT NULL;
ALTER TABLE "Accompaniments" ADD "LastContactOn" TEXT NULL;
ALTER TABLE "Accompaniments" ADD "ClosedOn" TEXT NULL;
ALTER TABLE "Accompaniments" ADD "ClosedByUserId" TEXT NULL;
ALTER TABLE "Accompaniments" ADD "ClosedByName" TEXT NULL;

CREATE TABLE "RightKinds" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_RightKinds" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "Code" TEXT NULL,
    "Name" TEXT NOT NULL,
    "Description" TEXT NULL,
    "IsActive" INTEGER NOT NULL,
    "SortOrder" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL
);

CREATE TABLE "AccompanimentReferents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AccompanimentReferents" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "AccompanimentId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "FK_AccompanimentReferents_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AccompanimentReferents_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AccompanimentStrengths" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AccompanimentStrengths" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "AccompanimentId" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Text" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_AccompanimentStrengths_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AccompanimentRights" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AccompanimentRights" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "AccompanimentId" TEXT NOT NULL,
    "RightKindId" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "RequestedOn" TEXT NULL,
    "OpenedOn" TEXT NULL,
    "CheckedOn" TEXT NOT NULL,
    "Comment" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_AccompanimentRights_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AccompanimentRights_RightKinds_RightKindId" FOREIGN KEY ("RightKindId") REFERENCES "RightKinds" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "AccompanimentGoals" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AccompanimentGoals" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "AccompanimentId" TEXT NOT NULL,
    "Wording" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "SetOn" TEXT NOT NULL,
    "StatusOn" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_AccompanimentGoals_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE TABLE "GoalReviews" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_GoalReviews" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "GoalId" TEXT NOT NULL,
    "ReviewedOn" TEXT NOT NULL,
    "Note" TEXT NOT NULL,
    "StatusAfter" INTEGER NOT NULL,
    "ByUserId" TEXT NULL,
    "ByName" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_GoalReviews_AccompanimentGoals_GoalId" FOREIGN KEY ("GoalId") REFERENCES "AccompanimentGoals" ("Id") ON DELETE CASCADE
);

CREATE TABLE "GoalActions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_GoalActions" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "GoalId" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "Actor" INTEGER NOT NULL,
    "PartnerName" TEXT NULL,
    "DueOn" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "DoneOn" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_GoalActions_AccompanimentGoals_GoalId" FOREIGN KEY ("GoalId") REFERENCES "AccompanimentGoals" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AccompanimentMeetings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AccompanimentMeetings" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "AccompanimentId" TEXT NOT NULL,
    "HeldOn" TEXT NOT NULL,
    "Medium" INTEGER NOT NULL,
    "Participants" TEXT NOT NULL,
    "Summary" TEXT NOT NULL,
    "RecordedByUserId" TEXT NULL,
    "RecordedByName" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_AccompanimentMeetings_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_AccompanimentGoals_AccompanimentId" ON "AccompanimentGoals" ("AccompanimentId");
CREATE INDEX "IX_AccompanimentMeetings_AccompanimentId_HeldOn" ON "AccompanimentMeetings" ("AccompanimentId", "HeldOn");
CREATE UNIQUE INDEX "IX_AccompanimentReferents_AccompanimentId_UserId" ON "AccompanimentReferents" ("AccompanimentId", "UserId");
CREATE INDEX "IX_AccompanimentReferents_UserId_AccompanimentId" ON "AccompanimentReferents" ("UserId", "AccompanimentId");
CREATE UNIQUE INDEX "IX_AccompanimentRights_AccompanimentId_RightKindId" ON "AccompanimentRights" ("AccompanimentId", "RightKindId");
CREATE INDEX "IX_AccompanimentRights_RightKindId" ON "AccompanimentRights" ("RightKindId");
CREATE INDEX "IX_Accompaniments_OrganisationId_Status_ConsentDate" ON "Accompaniments" ("OrganisationId", "Status", "ConsentDate");
CREATE INDEX "IX_AccompanimentStrengths_AccompanimentId" ON "AccompanimentStrengths" ("AccompanimentId");
CREATE INDEX "IX_GoalActions_GoalId" ON "GoalActions" ("GoalId");
CREATE INDEX "IX_GoalReviews_GoalId" ON "GoalReviews" ("GoalId");
CREATE UNIQUE INDEX "IX_RightKinds_OrganisationId_Name" ON "RightKinds" ("OrganisationId", "Name");

-- Whoever recorded the consent of an existing accompaniment becomes its first referent (the row takes the
-- accompaniment's id: there is one such row per accompaniment).
INSERT INTO "AccompanimentReferents" ("Id", "OrganisationId", "AccompanimentId", "UserId")
SELECT a."Id", a."OrganisationId", a."Id", a."ConsentRecordedByUserId"
FROM "Accompaniments" AS a
WHERE a."ConsentRecordedByUserId" IN (SELECT u."Id" FROM "AspNetUsers" AS u WHERE u."OrganisationId" = a."OrganisationId");
