-- Arrears follow-up of an accompaniment (docs/decisions/0014-arrears-follow-up.md): repayment plans (plans d'apurement)
-- and their instalments, whose respect is computed from the rent ledger and may be confirmed or corrected by the worker;
-- FSL requests; over-indebtedness files (Banque de France); the stages of an eviction procedure. The organisation's
-- signal thresholds gain the broken-plan rule: how many consecutive missed instalments, after how many days of grace.

ALTER TABLE "OutreachSettings" ADD "RepaymentPlanMissedInstalments" integer NOT NULL DEFAULT 1;
ALTER TABLE "OutreachSettings" ADD "RepaymentPlanGraceDays" integer NOT NULL DEFAULT 10;

CREATE TABLE "RepaymentPlans" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "AccompanimentId" uuid NOT NULL,
    "TotalDebt" numeric(12,2) NOT NULL,
    "StartMonth" date NOT NULL,
    "AgreedWith" integer NOT NULL,
    "AgreedWithDetail" character varying(160),
    "AgreedOn" date NOT NULL,
    "Status" integer NOT NULL,
    "EndedOn" date,
    "Note" character varying(1000),
    "RecordedByUserId" uuid,
    "RecordedByName" character varying(160) NOT NULL,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_RepaymentPlans" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_RepaymentPlans_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE TABLE "RepaymentInstalments" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "PlanId" uuid NOT NULL,
    "Number" integer NOT NULL,
    "DueOn" date NOT NULL,
    "Month" date NOT NULL,
    "Amount" numeric(12,2) NOT NULL,
    "Verdict" integer,
    "VerdictReason" character varying(500),
    "VerdictByName" character varying(160),
    "VerdictOn" date,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_RepaymentInstalments" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_RepaymentInstalments_RepaymentPlans_PlanId" FOREIGN KEY ("PlanId") REFERENCES "RepaymentPlans" ("Id") ON DELETE CASCADE
);

CREATE TABLE "FslRequests" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "AccompanimentId" uuid NOT NULL,
    "Purpose" integer NOT NULL,
    "FiledOn" date NOT NULL,
    "AmountRequested" numeric(12,2) NOT NULL,
    "Decision" integer NOT NULL,
    "DecisionOn" date,
    "AmountGranted" numeric(12,2),
    "Note" character varying(1000),
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_FslRequests" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_FslRequests_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE TABLE "OverIndebtednessFiles" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "AccompanimentId" uuid NOT NULL,
    "FiledOn" date NOT NULL,
    "Status" integer NOT NULL,
    "AdmissibilityOn" date,
    "OutcomeOn" date,
    "Note" character varying(1000),
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_OverIndebtednessFiles" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_OverIndebtednessFiles_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE TABLE "EvictionSteps" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "AccompanimentId" uuid NOT NULL,
    "Stage" integer NOT NULL,
    "On" date NOT NULL,
    "NextOn" date,
    "Note" character varying(1000),
    "RecordedByName" character varying(160) NOT NULL,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_EvictionSteps" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_EvictionSteps_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_RepaymentPlans_AccompanimentId" ON "RepaymentPlans" ("AccompanimentId");
CREATE INDEX "IX_RepaymentPlans_OrganisationId_Status" ON "RepaymentPlans" ("OrganisationId", "Status");
CREATE UNIQUE INDEX "IX_RepaymentInstalments_PlanId_Number" ON "RepaymentInstalments" ("PlanId", "Number");
CREATE INDEX "IX_FslRequests_AccompanimentId" ON "FslRequests" ("AccompanimentId");
CREATE INDEX "IX_OverIndebtednessFiles_AccompanimentId" ON "OverIndebtednessFiles" ("AccompanimentId");
CREATE INDEX "IX_EvictionSteps_AccompanimentId_On" ON "EvictionSteps" ("AccompanimentId", "On");
