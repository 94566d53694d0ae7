-- Collective action (issue 5), capitalisation: a project's funding lines and expenses, its indicators and their
-- measurements, practice sheets (src/Relais.Web/Features/Collective/Sheets/CapitalisationModel.cs).

CREATE TABLE "PracticeSheets" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "ProjectId" uuid NOT NULL,
    "Title" character varying(200) NOT NULL,
    "Theme" character varying(80) NOT NULL,
    "Year" integer NOT NULL,
    "Status" integer NOT NULL,
    "Context" character varying(8000) NOT NULL,
    "WhatWasDone" character varying(8000) NOT NULL,
    "Partners" character varying(8000) NOT NULL,
    "Cost" character varying(8000) NOT NULL,
    "Results" character varying(8000) NOT NULL,
    "Lessons" character varying(8000) NOT NULL,
    "Reuse" character varying(8000) NOT NULL,
    "SearchKey" text NOT NULL,
    "PublishedOn" date,
    "PublicToken" character varying(64),
    "FinalisedOn" date,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_PracticeSheets" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_PracticeSheets_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ProjectExpenses" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "ProjectId" uuid NOT NULL,
    "SpentOn" date NOT NULL,
    "Label" character varying(200) NOT NULL,
    "Category" integer NOT NULL,
    "Amount" numeric(12,2) NOT NULL,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_ProjectExpenses" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ProjectExpenses_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ProjectFundingLines" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "ProjectId" uuid NOT NULL,
    "Source" character varying(200) NOT NULL,
    "PartnerOrganisationId" uuid,
    "Status" integer NOT NULL,
    "Requested" numeric(12,2),
    "Granted" numeric(12,2),
    "Received" numeric(12,2),
    "RequestedOn" date,
    "GrantedOn" date,
    "ReceivedOn" date,
    "Note" character varying(1000) NOT NULL,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_ProjectFundingLines" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ProjectFundingLines_PartnerOrganisations_PartnerOrganisatio~" FOREIGN KEY ("PartnerOrganisationId") REFERENCES "PartnerOrganisations" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_ProjectFundingLines_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ProjectIndicators" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "ProjectId" uuid NOT NULL,
    "Name" character varying(120) NOT NULL,
    "Unit" character varying(40) NOT NULL,
    "Target" numeric(12,2),
    "Direction" integer NOT NULL,
    "Computation" integer NOT NULL,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_ProjectIndicators" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ProjectIndicators_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "IndicatorMeasurements" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "IndicatorId" uuid NOT NULL,
    "MeasuredOn" date NOT NULL,
    "Value" numeric(12,2) NOT NULL,
    "Comment" character varying(500) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_IndicatorMeasurements" PRIMARY KEY ("Id"),
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
