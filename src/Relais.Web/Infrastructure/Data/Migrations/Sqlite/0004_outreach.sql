-- Aller vers: rent ledger (quittancement) and its imports, signals (repérage) with the organisation's thresholds,
-- outreach campaigns with their targets and contact attempts, and the minimal accompaniment record opened with consent.

CREATE TABLE "LedgerColumnMappings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_LedgerColumnMappings" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "Columns" TEXT NOT NULL,
    "Version" INTEGER NOT NULL
);

CREATE TABLE "LedgerImports" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_LedgerImports" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "UserId" TEXT NULL,
    "UserName" TEXT NOT NULL,
    "StartedAt" INTEGER NOT NULL,
    "FinishedAt" INTEGER NULL,
    "Status" INTEGER NOT NULL,
    "Encoding" TEXT NOT NULL,
    "Delimiter" TEXT NOT NULL,
    "LinesRead" INTEGER NOT NULL,
    "LinesImported" INTEGER NOT NULL,
    "HouseholdsCreated" INTEGER NOT NULL,
    "ErrorCount" INTEGER NOT NULL,
    "FirstMonth" TEXT NULL,
    "LastMonth" TEXT NULL,
    "Report" TEXT NULL
);

CREATE TABLE "OutreachCampaigns" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OutreachCampaigns" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Channel" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "StartDate" TEXT NOT NULL,
    "EndDate" TEXT NULL,
    "Notes" TEXT NULL,
    "CreatedByUserId" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);

CREATE TABLE "OutreachSettings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OutreachSettings" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "FirstUnpaidMonthEnabled" INTEGER NOT NULL,
    "DebtMonthsThreshold" REAL NOT NULL,
    "DebtRisingMonths" INTEGER NOT NULL,
    "HousingBenefitStoppedEnabled" INTEGER NOT NULL,
    "RefusalHoldMonths" INTEGER NOT NULL,
    "FieldAgentsSeeDebtAmounts" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL
);

CREATE TABLE "CampaignMembers" (
    "CampaignId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_CampaignMembers" PRIMARY KEY ("CampaignId", "UserId"),
    CONSTRAINT "FK_CampaignMembers_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_CampaignMembers_OutreachCampaigns_CampaignId" FOREIGN KEY ("CampaignId") REFERENCES "OutreachCampaigns" ("Id") ON DELETE CASCADE
);

CREATE TABLE "RentLedgerLines" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_RentLedgerLines" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "HouseholdId" TEXT NOT NULL,
    "DwellingReference" TEXT NOT NULL,
    "Month" TEXT NOT NULL,
    "Billed" REAL NOT NULL,
    "Paid" REAL NOT NULL,
    "HousingBenefit" REAL NOT NULL,
    "Balance" REAL NOT NULL,
    "ImportId" TEXT NOT NULL,
    CONSTRAINT "FK_RentLedgerLines_Households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "Households" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Signals" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Signals" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "HouseholdId" TEXT NOT NULL,
    "Source" INTEGER NOT NULL,
    "Type" INTEGER NOT NULL,
    "Severity" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "Explanation" TEXT NOT NULL,
    "PublicExplanation" TEXT NOT NULL,
    "DebtAmount" REAL NULL,
    "RuleKey" TEXT NULL,
    "LedgerMonth" TEXT NULL,
    "Note" TEXT NULL,
    "NoteConfidential" INTEGER NOT NULL,
    "PartnerSource" TEXT NULL,
    "ReportedByUserId" TEXT NULL,
    "ReportedByName" TEXT NULL,
    "DismissReason" TEXT NULL,
    "DetectedAt" INTEGER NOT NULL,
    "StatusChangedAt" INTEGER NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_Signals_Households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "Households" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Accompaniments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Accompaniments" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "HouseholdId" TEXT NOT NULL,
    "PersonId" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "ConsentDate" TEXT NOT NULL,
    "ConsentChannel" INTEGER NOT NULL,
    "ConsentRecordedByUserId" TEXT NULL,
    "ConsentRecordedByName" TEXT NOT NULL,
    "ContactAttemptId" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_Accompaniments_Households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "Households" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Accompaniments_Persons_PersonId" FOREIGN KEY ("PersonId") REFERENCES "Persons" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "OutreachTargets" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OutreachTargets" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "CampaignId" TEXT NOT NULL,
    "HouseholdId" TEXT NOT NULL,
    "SignalId" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "HoldReason" TEXT NULL,
    "FirstContactAt" INTEGER NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_OutreachTargets_Households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "Households" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_OutreachTargets_OutreachCampaigns_CampaignId" FOREIGN KEY ("CampaignId") REFERENCES "OutreachCampaigns" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_OutreachTargets_Signals_SignalId" FOREIGN KEY ("SignalId") REFERENCES "Signals" ("Id") ON DELETE SET NULL
);

CREATE TABLE "ContactAttempts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ContactAttempts" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "TargetId" TEXT NOT NULL,
    "HouseholdId" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "UserId" TEXT NULL,
    "UserName" TEXT NOT NULL,
    "Channel" INTEGER NOT NULL,
    "Outcome" INTEGER NOT NULL,
    "Note" TEXT NULL,
    "NoteConfidential" INTEGER NOT NULL,
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
