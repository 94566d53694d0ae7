-- Aller vers: rent ledger (quittancement) and its imports, signals (repérage) with the organisation's thresholds,
-- outreach campaigns with their targets and contact attempts, and the minimal accompaniment record opened with consent.

CREATE TABLE "LedgerColumnMappings" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "Columns" character varying(4000) NOT NULL,
    "Version" integer NOT NULL,
    CONSTRAINT "PK_LedgerColumnMappings" PRIMARY KEY ("Id")
);

CREATE TABLE "LedgerImports" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "FileName" character varying(260) NOT NULL,
    "UserId" uuid,
    "UserName" character varying(160) NOT NULL,
    "StartedAt" timestamp with time zone NOT NULL,
    "FinishedAt" timestamp with time zone,
    "Status" integer NOT NULL,
    "Encoding" character varying(20) NOT NULL,
    "Delimiter" character varying(1) NOT NULL,
    "LinesRead" bigint NOT NULL,
    "LinesImported" bigint NOT NULL,
    "HouseholdsCreated" integer NOT NULL,
    "ErrorCount" integer NOT NULL,
    "FirstMonth" date,
    "LastMonth" date,
    "Report" text,
    CONSTRAINT "PK_LedgerImports" PRIMARY KEY ("Id")
);

CREATE TABLE "OutreachCampaigns" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "Name" character varying(160) NOT NULL,
    "Channel" integer NOT NULL,
    "Status" integer NOT NULL,
    "StartDate" date NOT NULL,
    "EndDate" date,
    "Notes" character varying(2000),
    "CreatedByUserId" uuid,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_OutreachCampaigns" PRIMARY KEY ("Id")
);

CREATE TABLE "OutreachSettings" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "FirstUnpaidMonthEnabled" boolean NOT NULL,
    "DebtMonthsThreshold" numeric(5,2) NOT NULL,
    "DebtRisingMonths" integer NOT NULL,
    "HousingBenefitStoppedEnabled" boolean NOT NULL,
    "RefusalHoldMonths" integer NOT NULL,
    "FieldAgentsSeeDebtAmounts" boolean NOT NULL,
    "Version" integer NOT NULL,
    CONSTRAINT "PK_OutreachSettings" PRIMARY KEY ("Id")
);

CREATE TABLE "CampaignMembers" (
    "CampaignId" uuid NOT NULL,
    "UserId" uuid NOT NULL,
    CONSTRAINT "PK_CampaignMembers" PRIMARY KEY ("CampaignId", "UserId"),
    CONSTRAINT "FK_CampaignMembers_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_CampaignMembers_OutreachCampaigns_CampaignId" FOREIGN KEY ("CampaignId") REFERENCES "OutreachCampaigns" ("Id") ON DELETE CASCADE
);

CREATE TABLE "RentLedgerLines" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "HouseholdId" uuid NOT NULL,
    "DwellingReference" character varying(40) NOT NULL,
    "Month" date NOT NULL,
    "Billed" numeric(12,2) NOT NULL,
    "Paid" numeric(12,2) NOT NULL,
    "HousingBenefit" numeric(12,2) NOT NULL,
    "Balance" numeric(12,2) NOT NULL,
    "ImportId" uuid NOT NULL,
    CONSTRAINT "PK_RentLedgerLines" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_RentLedgerLines_Households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "Households" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Signals" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "HouseholdId" uuid NOT NULL,
    "Source" integer NOT NULL,
    "Type" integer NOT NULL,
    "Severity" integer NOT NULL,
    "Status" integer NOT NULL,
    "Explanation" character varying(500) NOT NULL,
    "PublicExplanation" character varying(500) NOT NULL,
    "DebtAmount" numeric(12,2),
    "RuleKey" character varying(80),
    "LedgerMonth" date,
    "Note" character varying(2000),
    "NoteConfidential" boolean NOT NULL,
    "PartnerSource" character varying(200),
    "ReportedByUserId" uuid,
    "ReportedByName" character varying(160),
    "DismissReason" character varying(500),
    "DetectedAt" timestamp with time zone NOT NULL,
    "StatusChangedAt" timestamp with time zone,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_Signals" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Signals_Households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "Households" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Accompaniments" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "HouseholdId" uuid NOT NULL,
    "PersonId" uuid NOT NULL,
    "Status" integer NOT NULL,
    "ConsentDate" date NOT NULL,
    "ConsentChannel" integer NOT NULL,
    "ConsentRecordedByUserId" uuid,
    "ConsentRecordedByName" character varying(160) NOT NULL,
    "ContactAttemptId" uuid,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_Accompaniments" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Accompaniments_Households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "Households" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Accompaniments_Persons_PersonId" FOREIGN KEY ("PersonId") REFERENCES "Persons" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "OutreachTargets" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "CampaignId" uuid NOT NULL,
    "HouseholdId" uuid NOT NULL,
    "SignalId" uuid,
    "Status" integer NOT NULL,
    "HoldReason" character varying(300),
    "FirstContactAt" timestamp with time zone,
    "Version" integer NOT NULL,
    CONSTRAINT "PK_OutreachTargets" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_OutreachTargets_Households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "Households" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_OutreachTargets_OutreachCampaigns_CampaignId" FOREIGN KEY ("CampaignId") REFERENCES "OutreachCampaigns" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_OutreachTargets_Signals_SignalId" FOREIGN KEY ("SignalId") REFERENCES "Signals" ("Id") ON DELETE SET NULL
);

CREATE TABLE "ContactAttempts" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "TargetId" uuid NOT NULL,
    "HouseholdId" uuid NOT NULL,
    "At" timestamp with time zone NOT NULL,
    "UserId" uuid,
    "UserName" character varying(160) NOT NULL,
    "Channel" integer NOT NULL,
    "Outcome" integer NOT NULL,
    "Note" character varying(2000),
    "NoteConfidential" boolean NOT NULL,
    CONSTRAINT "PK_ContactAttempts" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ContactAttempts_OutreachTargets_TargetId" FOREIGN KEY ("TargetId") REFERENCES "OutreachTargets" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_Accompaniments_HouseholdId" ON "Accompaniments" ("HouseholdId");

CREATE INDEX "IX_Accompaniments_OrganisationId_HouseholdId" ON "Accompaniments" ("OrganisationId", "HouseholdId");

CREATE INDEX "IX_Accompaniments_PersonId" ON "Accompaniments" ("PersonId");

CREATE INDEX "IX_CampaignMembers_UserId" ON "CampaignMembers" ("UserId");

CREATE INDEX "IX_ContactAttempts_OrganisationId_HouseholdId_At" ON "ContactAttempts" ("OrganisationId", "HouseholdId", "At");

CREATE INDEX "IX_ContactAttempts_TargetId" ON "ContactAttempts" ("TargetId");

CREATE UNIQUE INDEX "IX_LedgerColumnMappings_OrganisationId" ON "LedgerColumnMappings" ("OrganisationId");

CREATE INDEX "IX_LedgerImports_OrganisationId_StartedAt" ON "LedgerImports" ("OrganisationId", "StartedAt");

CREATE INDEX "IX_OutreachCampaigns_OrganisationId_Status" ON "OutreachCampaigns" ("OrganisationId", "Status");

CREATE UNIQUE INDEX "IX_OutreachSettings_OrganisationId" ON "OutreachSettings" ("OrganisationId");

CREATE UNIQUE INDEX "IX_OutreachTargets_CampaignId_HouseholdId" ON "OutreachTargets" ("CampaignId", "HouseholdId");

CREATE INDEX "IX_OutreachTargets_HouseholdId" ON "OutreachTargets" ("HouseholdId");

CREATE INDEX "IX_OutreachTargets_OrganisationId_HouseholdId" ON "OutreachTargets" ("OrganisationId", "HouseholdId");

CREATE INDEX "IX_OutreachTargets_SignalId" ON "OutreachTargets" ("SignalId");

CREATE INDEX "IX_RentLedgerLines_HouseholdId" ON "RentLedgerLines" ("HouseholdId");

CREATE UNIQUE INDEX "IX_RentLedgerLines_OrganisationId_HouseholdId_Month" ON "RentLedgerLines" ("OrganisationId", "HouseholdId", "Month");

CREATE INDEX "IX_RentLedgerLines_OrganisationId_Month" ON "RentLedgerLines" ("OrganisationId", "Month");

CREATE INDEX "IX_Signals_HouseholdId" ON "Signals" ("HouseholdId");

CREATE UNIQUE INDEX "IX_Signals_OrganisationId_RuleKey" ON "Signals" ("OrganisationId", "RuleKey") WHERE "RuleKey" IS NOT NULL;

CREATE INDEX "IX_Signals_OrganisationId_Status_DetectedAt" ON "Signals" ("OrganisationId", "Status", "DetectedAt");
