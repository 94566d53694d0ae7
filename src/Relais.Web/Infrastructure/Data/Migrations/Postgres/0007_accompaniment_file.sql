-- The individual accompaniment file (issue 4, part A): the scope of the consent, the referents, the person's own
-- account, the next review and the closure on the accompaniment itself; strengths and resources; the organisation's
-- catalogue of rights (seeded on first use) and each file's rights check; goals with their reviews and actions;
-- meetings. Numbered 0006 on this branch: the migrator refuses gaps (0007_accompaniment_file in the plan).

ALTER TABLE "Accompaniments" ADD "ConsentScope" character varying(1000);
ALTER TABLE "Accompaniments" ADD "OwnAccount" character varying(4000);
ALTER TABLE "Accompaniments" ADD "NextReviewOn" date;
ALTER TABLE "Accompaniments" ADD "ClosureOutcome" integer;
ALTER TABLE "Accompaniments" ADD "ClosureComment" character varying(1000);
ALTER TABLE "Accompaniments" ADD "LastContactOn" date;
ALTER TABLE "Accompaniments" ADD "ClosedOn" date;
ALTER TABLE "Accompaniments" ADD "ClosedByUserId" uuid;
ALTER TABLE "Accompaniments" ADD "ClosedByName" character varying(160);

CREATE TABLE "RightKinds" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "Code" character varying(20),
    "Name" character varying(120) NOT NULL,
    "Description" character varying(500),
    "IsActive" boolean NOT NULL,
    "SortOrder" integer NOT NULL,
    "Version" integer NOT NULL,
    CONSTRAINT "PK_RightKinds" PRIMARY KEY ("Id")
);

CREATE TABLE "AccompanimentReferents" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "AccompanimentId" uuid NOT NULL,
    "UserId" uuid NOT NULL,
    CONSTRAINT "PK_AccompanimentReferents" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_AccompanimentReferents_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AccompanimentReferents_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AccompanimentStrengths" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "AccompanimentId" uuid NOT NULL,
    "Kind" integer NOT NULL,
    "Text" character varying(1000) NOT NULL,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_AccompanimentStrengths" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_AccompanimentStrengths_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AccompanimentRights" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "AccompanimentId" uuid NOT NULL,
    "RightKindId" uuid NOT NULL,
    "Status" integer NOT NULL,
    "RequestedOn" date,
    "OpenedOn" date,
    "CheckedOn" date NOT NULL,
    "Comment" character varying(500),
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_AccompanimentRights" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_AccompanimentRights_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AccompanimentRights_RightKinds_RightKindId" FOREIGN KEY ("RightKindId") REFERENCES "RightKinds" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "AccompanimentGoals" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "AccompanimentId" uuid NOT NULL,
    "Wording" character varying(500) NOT NULL,
    "Status" integer NOT NULL,
    "SetOn" date NOT NULL,
    "StatusOn" date,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_AccompanimentGoals" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_AccompanimentGoals_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE TABLE "GoalReviews" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "GoalId" uuid NOT NULL,
    "ReviewedOn" date NOT NULL,
    "Note" character varying(2000) NOT NULL,
    "StatusAfter" integer NOT NULL,
    "ByUserId" uuid,
    "ByName" character varying(160) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_GoalReviews" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_GoalReviews_AccompanimentGoals_GoalId" FOREIGN KEY ("GoalId") REFERENCES "AccompanimentGoals" ("Id") ON DELETE CASCADE
);

CREATE TABLE "GoalActions" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "GoalId" uuid NOT NULL,
    "Description" character varying(500) NOT NULL,
    "Actor" integer NOT NULL,
    "PartnerName" character varying(160),
    "DueOn" date,
    "Status" integer NOT NULL,
    "DoneOn" date,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_GoalActions" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_GoalActions_AccompanimentGoals_GoalId" FOREIGN KEY ("GoalId") REFERENCES "AccompanimentGoals" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AccompanimentMeetings" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "AccompanimentId" uuid NOT NULL,
    "HeldOn" date NOT NULL,
    "Medium" integer NOT NULL,
    "Participants" character varying(500) NOT NULL,
    "Summary" character varying(4000) NOT NULL,
    "RecordedByUserId" uuid,
    "RecordedByName" character varying(160) NOT NULL,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_AccompanimentMeetings" PRIMARY KEY ("Id"),
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
