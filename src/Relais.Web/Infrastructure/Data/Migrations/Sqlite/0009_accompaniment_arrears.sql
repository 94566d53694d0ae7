-- Arrears follow-up of an accompaniment (docs/decisions/0014-arrears-follow-up.md): repayment plans (plans d'apurement)
-- and their instalments, whose respect is computed from the rent ledger and may be confirmed or corrected by the worker;
-- FSL requests; over-indebtedness files (Banque de France); the stages of an eviction procedure. The organisation's
-- signal thresholds gain the broken-plan rule: how many consecutive missed instalments, after how many days of grace.

ALTER TABLE "OutreachSettings" ADD "RepaymentPlanMissedInstalments" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "OutreachSettings" ADD "RepaymentPlanGraceDays" INTEGER NOT NULL DEFAULT 10;

CREATE TABLE "RepaymentPlans" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_RepaymentPlans" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "AccompanimentId" TEXT NOT NULL,
    "TotalDebt" REAL NOT NULL,
    "StartMonth" TEXT NOT NULL,
    "AgreedWith" INTEGER NOT NULL,
    "AgreedWithDetail" TEXT NULL,
    "AgreedOn" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "EndedOn" TEXT NULL,
    "Note" TEXT NULL,
    "RecordedByUserId" TEXT NULL,
    "RecordedByName" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_RepaymentPlans_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE TABLE "RepaymentInstalments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_RepaymentInstalments" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "PlanId" TEXT NOT NULL,
    "Number" INTEGER NOT NULL,
    "DueOn" TEXT NOT NULL,
    "Month" TEXT NOT NULL,
    "Amount" REAL NOT NULL,
    "Verdict" INTEGER NULL,
    "VerdictReason" TEXT NULL,
    "VerdictByName" TEXT NULL,
    "VerdictOn" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_RepaymentInstalments_RepaymentPlans_PlanId" FOREIGN KEY ("PlanId") REFERENCES "RepaymentPlans" ("Id") ON DELETE CASCADE
);

CREATE TABLE "FslRequests" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_FslRequests" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "AccompanimentId" TEXT NOT NULL,
    "Purpose" INTEGER NOT NULL,
    "FiledOn" TEXT NOT NULL,
    "AmountRequested" REAL NOT NULL,
    "Decision" INTEGER NOT NULL,
    "DecisionOn" TEXT NULL,
    "AmountGranted" REAL NULL,
    "Note" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_FslRequests_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE TABLE "OverIndebtednessFiles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OverIndebtednessFiles" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "AccompanimentId" TEXT NOT NULL,
    "FiledOn" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "AdmissibilityOn" TEXT NULL,
    "OutcomeOn" TEXT NULL,
    "Note" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_OverIndebtednessFiles_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE TABLE "EvictionSteps" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_EvictionSteps" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "AccompanimentId" TEXT NOT NULL,
    "Stage" INTEGER NOT NULL,
    "On" TEXT NOT NULL,
    "NextOn" TEXT NULL,
    "Note" TEXT NULL,
    "RecordedByName" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_EvictionSteps_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_RepaymentPlans_AccompanimentId" ON "RepaymentPlans" ("AccompanimentId");
CREATE INDEX "IX_RepaymentPlans_OrganisationId_Status" ON "RepaymentPlans" ("OrganisationId", "Status");
CREATE UNIQUE INDEX "IX_RepaymentInstalments_PlanId_Number" ON "RepaymentInstalments" ("PlanId", "Number");
CREATE INDEX "IX_FslRequests_AccompanimentId" ON "FslRequests" ("AccompanimentId");
CREATE INDEX "IX_OverIndebtednessFiles_AccompanimentId" ON "OverIndebtednessFiles" ("AccompanimentId");
CREATE INDEX "IX_EvictionSteps_AccompanimentId_On" ON "EvictionSteps" ("AccompanimentId", "On");
