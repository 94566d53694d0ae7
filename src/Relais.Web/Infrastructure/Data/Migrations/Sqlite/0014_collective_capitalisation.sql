-- Collective action (issue 5), capitalisation: a project's funding lines and expenses, its indicators and their
-- measurements, practice sheets (src/Relais.Web/Features/Collective/Sheets/CapitalisationModel.cs).

CREATE TABLE "PracticeSheets" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_PracticeSheets" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "ProjectId" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Theme" TEXT NOT NULL,
    "Year" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "Context" TEXT NOT NULL,
    "WhatWasDone" TEXT NOT NULL,
    "Partners" TEXT NOT NULL,
    "Cost" TEXT NOT NULL,
    "Results" TEXT NOT NULL,
    "Lessons" TEXT NOT NULL,
    "Reuse" TEXT NOT NULL,
    "SearchKey" TEXT NOT NULL,
    "PublishedOn" TEXT NULL,
    "PublicToken" TEXT NULL,
    "FinalisedOn" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_PracticeSheets_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ProjectExpenses" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ProjectExpenses" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "ProjectId" TEXT NOT NULL,
    "SpentOn" TEXT NOT NULL,
    "Label" TEXT NOT NULL,
    "Category" INTEGER NOT NULL,
    "Amount" REAL NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_ProjectExpenses_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ProjectFundingLines" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ProjectFundingLines" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "ProjectId" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "PartnerOrganisationId" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "Requested" REAL NULL,
    "Granted" REAL NULL,
    "Received" REAL NULL,
    "RequestedOn" TEXT NULL,
    "GrantedOn" TEXT NULL,
    "ReceivedOn" TEXT NULL,
    "Note" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_ProjectFundingLines_PartnerOrganisations_PartnerOrganisationId" FOREIGN KEY ("PartnerOrganisationId") REFERENCES "PartnerOrganisations" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_ProjectFundingLines_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ProjectIndicators" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ProjectIndicators" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "ProjectId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Unit" TEXT NOT NULL,
    "Target" REAL NULL,
    "Direction" INTEGER NOT NULL,
    "Computation" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_ProjectIndicators_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "IndicatorMeasurements" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_IndicatorMeasurements" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "IndicatorId" TEXT NOT NULL,
    "MeasuredOn" TEXT NOT NULL,
    "Value" REAL NOT NULL,
    "Comment" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_IndicatorMeasurements_ProjectIndicators_IndicatorId" FOREIGN KEY ("IndicatorId") REFERENCES "ProjectIndicators" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_IndicatorMeasurements_IndicatorId_MeasuredOn" ON "IndicatorMeasurements" ("IndicatorId", "MeasuredOn");
CREATE INDEX "IX_PracticeSheets_OrganisationId_Year" ON "PracticeSheets" ("OrganisationId", "Year");
CREATE UNIQUE INDEX "IX_PracticeSheets_ProjectId" ON "PracticeSheets" ("ProjectId");
CREATE UNIQUE INDEX "IX_PracticeSheets_PublicToken" ON "PracticeSheets" ("PublicToken");
CREATE INDEX "IX_ProjectExpenses_ProjectId_SpentOn" ON "ProjectExpenses" ("ProjectId", "SpentOn");
CREATE INDEX "IX_ProjectFundingLines_PartnerOrganisationId" ON "ProjectFundingLines" ("PartnerOrganisationId");
CREATE INDEX "IX_ProjectFundingLines_ProjectId" ON "ProjectFundingLines" ("ProjectId");
CREATE INDEX "IX_ProjectIndicators_ProjectId" ON "ProjectIndicators" ("ProjectId");
