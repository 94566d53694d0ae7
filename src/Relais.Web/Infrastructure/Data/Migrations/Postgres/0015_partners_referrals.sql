-- Issue 6: the partner directory (data·inclusion fields), services, coverage, agreements; referrals.
ALTER TABLE "PartnerOrganisations" ADD "Kind" integer NOT NULL DEFAULT 0;
ALTER TABLE "PartnerOrganisations" ADD "Siret" character varying(14);
ALTER TABLE "PartnerOrganisations" ADD "Description" character varying(10000);
ALTER TABLE "PartnerOrganisations" ADD "Address" character varying(300);
ALTER TABLE "PartnerOrganisations" ADD "AddressComplement" character varying(300);
ALTER TABLE "PartnerOrganisations" ADD "PostalCode" character varying(5);
ALTER TABLE "PartnerOrganisations" ADD "City" character varying(160);
ALTER TABLE "PartnerOrganisations" ADD "CommuneCode" character varying(5);
ALTER TABLE "PartnerOrganisations" ADD "Latitude" double precision;
ALTER TABLE "PartnerOrganisations" ADD "Longitude" double precision;
ALTER TABLE "PartnerOrganisations" ADD "Phone" character varying(40);
ALTER TABLE "PartnerOrganisations" ADD "Email" character varying(254);
ALTER TABLE "PartnerOrganisations" ADD "Website" character varying(2083);
ALTER TABLE "PartnerOrganisations" ADD "OpeningHours" character varying(1000);
ALTER TABLE "PartnerOrganisations" ADD "AccessibilityUrl" character varying(2083);
ALTER TABLE "PartnerOrganisations" ADD "Networks" text[] NOT NULL DEFAULT '{}';
ALTER TABLE "PartnerOrganisations" ADD "SourceName" character varying(100);
ALTER TABLE "PartnerOrganisations" ADD "SourceId" character varying(200);
ALTER TABLE "PartnerOrganisations" ADD "SourceUrl" character varying(2083);
ALTER TABLE "PartnerOrganisations" ADD "CheckedOn" date;

CREATE TABLE "PartnerContacts" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "PartnerOrganisationId" uuid NOT NULL,
    "Name" character varying(160) NOT NULL,
    "Function" character varying(160),
    "Phone" character varying(40),
    "Email" character varying(254),
    CONSTRAINT "PK_PartnerContacts" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_PartnerContacts_PartnerOrganisations_PartnerOrganisationId" FOREIGN KEY ("PartnerOrganisationId") REFERENCES "PartnerOrganisations" ("Id") ON DELETE CASCADE
);

CREATE TABLE "PartnerCoverage" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "PartnerOrganisationId" uuid NOT NULL,
    "ResidenceId" uuid,
    "Code" character varying(9),
    CONSTRAINT "PK_PartnerCoverage" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_PartnerCoverage_PartnerOrganisations_PartnerOrganisationId" FOREIGN KEY ("PartnerOrganisationId") REFERENCES "PartnerOrganisations" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_PartnerCoverage_Residences_ResidenceId" FOREIGN KEY ("ResidenceId") REFERENCES "Residences" ("Id") ON DELETE CASCADE
);

CREATE TABLE "PartnerServices" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "PartnerOrganisationId" uuid NOT NULL,
    "Name" character varying(160) NOT NULL,
    "Description" character varying(10000) NOT NULL,
    "IsActive" boolean NOT NULL,
    "Type" character varying(60),
    "Themes" text[] NOT NULL,
    "Publics" text[] NOT NULL,
    "PublicsDetails" character varying(2000),
    "AccessConditions" character varying(2000),
    "Fees" character varying(60),
    "FeesDetails" character varying(2000),
    "ReceptionModes" text[] NOT NULL,
    "MobilisationModes" text[] NOT NULL,
    "MobilisableBy" text[] NOT NULL,
    "MobilisationDetails" character varying(2000),
    "MobilisationUrl" character varying(2083),
    "ContactName" character varying(160),
    "Phone" character varying(40),
    "Email" character varying(254),
    "Address" character varying(300),
    "AddressComplement" character varying(300),
    "PostalCode" character varying(5),
    "City" character varying(160),
    "CommuneCode" character varying(5),
    "Latitude" double precision,
    "Longitude" double precision,
    "OpeningHours" character varying(1000),
    "EligibilityZone" text[] NOT NULL,
    "Weeks" integer,
    "WeeklyHours" double precision,
    "SourceId" character varying(200),
    "SourceUrl" character varying(2083),
    "CheckedOn" date,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_PartnerServices" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_PartnerServices_PartnerOrganisations_PartnerOrganisationId" FOREIGN KEY ("PartnerOrganisationId") REFERENCES "PartnerOrganisations" ("Id") ON DELETE CASCADE
);

CREATE TABLE "PartnerAgreements" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "PartnerOrganisationId" uuid NOT NULL,
    "Title" character varying(200) NOT NULL,
    "Kind" integer NOT NULL,
    "StartsOn" date,
    "EndsOn" date,
    "Notes" character varying(2000),
    "DocumentFileName" character varying(200),
    "DocumentContentType" character varying(100),
    "DocumentSize" bigint,
    "DocumentStorageKey" character varying(100),
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_PartnerAgreements" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_PartnerAgreements_PartnerOrganisations_PartnerOrganisationId" FOREIGN KEY ("PartnerOrganisationId") REFERENCES "PartnerOrganisations" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ReferralSettings" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "ExpiryDays" integer NOT NULL,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_ReferralSettings" PRIMARY KEY ("Id")
);

CREATE TABLE "Referrals" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "Origin" integer NOT NULL,
    "PersonId" uuid NOT NULL,
    "HouseholdId" uuid NOT NULL,
    "AccompanimentId" uuid,
    "ContactAttemptId" uuid,
    "ProjectId" uuid,
    "PartnerOrganisationId" uuid NOT NULL,
    "PartnerServiceId" uuid,
    "Theme" character varying(120),
    "SharesPersonalData" boolean NOT NULL,
    "SharedInformation" character varying(4000),
    "InternalNote" character varying(4000),
    "SharedPhone" character varying(40),
    "SharedEmail" character varying(254),
    "AccompanimentConsentId" uuid,
    "ConsentGivenOn" date,
    "ConsentChannel" integer,
    "ConsentRecordedByUserId" uuid,
    "ConsentRecordedByName" character varying(160),
    "ConsentWithdrawnAt" timestamp with time zone,
    "OverrideReason" character varying(2000),
    "OverrideByUserId" uuid,
    "OverrideByName" character varying(160),
    "Status" integer NOT NULL,
    "ReferrerUserId" uuid,
    "ReferrerName" character varying(160) NOT NULL,
    "SentAt" timestamp with time zone,
    "AnswerDueOn" date,
    "AnsweredAt" timestamp with time zone,
    "AnsweredByUserId" uuid,
    "AnsweredByName" character varying(160),
    "RefusalReason" character varying(2000),
    "AppointmentAt" timestamp with time zone,
    "DoneAt" timestamp with time zone,
    "Outcome" character varying(4000),
    "ClosedAt" timestamp with time zone,
    "AnswerSeenAt" timestamp with time zone,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_Referrals" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Referrals_AccompanimentConsents_AccompanimentConsentId" FOREIGN KEY ("AccompanimentConsentId") REFERENCES "AccompanimentConsents" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Referrals_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_Referrals_AspNetUsers_ReferrerUserId" FOREIGN KEY ("ReferrerUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_Referrals_ContactAttempts_ContactAttemptId" FOREIGN KEY ("ContactAttemptId") REFERENCES "ContactAttempts" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_Referrals_Households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "Households" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_Referrals_PartnerOrganisations_PartnerOrganisationId" FOREIGN KEY ("PartnerOrganisationId") REFERENCES "PartnerOrganisations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Referrals_PartnerServices_PartnerServiceId" FOREIGN KEY ("PartnerServiceId") REFERENCES "PartnerServices" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_Referrals_Persons_PersonId" FOREIGN KEY ("PersonId") REFERENCES "Persons" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_Referrals_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE SET NULL
);

CREATE INDEX "IX_PartnerAgreements_PartnerOrganisationId" ON "PartnerAgreements" ("PartnerOrganisationId");
CREATE INDEX "IX_PartnerContacts_PartnerOrganisationId" ON "PartnerContacts" ("PartnerOrganisationId");
CREATE INDEX "IX_PartnerCoverage_OrganisationId_Code" ON "PartnerCoverage" ("OrganisationId", "Code");
CREATE INDEX "IX_PartnerCoverage_OrganisationId_ResidenceId" ON "PartnerCoverage" ("OrganisationId", "ResidenceId");
CREATE INDEX "IX_PartnerCoverage_PartnerOrganisationId" ON "PartnerCoverage" ("PartnerOrganisationId");
CREATE INDEX "IX_PartnerCoverage_ResidenceId" ON "PartnerCoverage" ("ResidenceId");
CREATE INDEX "IX_PartnerOrganisations_OrganisationId_SourceName_SourceId" ON "PartnerOrganisations" ("OrganisationId", "SourceName", "SourceId");
CREATE INDEX "IX_PartnerServices_OrganisationId_PartnerOrganisationId" ON "PartnerServices" ("OrganisationId", "PartnerOrganisationId");
CREATE INDEX "IX_PartnerServices_PartnerOrganisationId" ON "PartnerServices" ("PartnerOrganisationId");
CREATE INDEX "IX_Referrals_AccompanimentConsentId" ON "Referrals" ("AccompanimentConsentId");
CREATE INDEX "IX_Referrals_AccompanimentId" ON "Referrals" ("AccompanimentId");
CREATE INDEX "IX_Referrals_ContactAttemptId" ON "Referrals" ("ContactAttemptId");
CREATE INDEX "IX_Referrals_HouseholdId" ON "Referrals" ("HouseholdId");
CREATE INDEX "IX_Referrals_OrganisationId_PartnerOrganisationId_Status" ON "Referrals" ("OrganisationId", "PartnerOrganisationId", "Status");
CREATE INDEX "IX_Referrals_OrganisationId_PersonId" ON "Referrals" ("OrganisationId", "PersonId");
CREATE INDEX "IX_Referrals_OrganisationId_ReferrerUserId_Status" ON "Referrals" ("OrganisationId", "ReferrerUserId", "Status");
CREATE INDEX "IX_Referrals_PartnerOrganisationId" ON "Referrals" ("PartnerOrganisationId");
CREATE INDEX "IX_Referrals_PartnerServiceId" ON "Referrals" ("PartnerServiceId");
CREATE INDEX "IX_Referrals_PersonId" ON "Referrals" ("PersonId");
CREATE INDEX "IX_Referrals_ProjectId" ON "Referrals" ("ProjectId");
CREATE INDEX "IX_Referrals_ReferrerUserId" ON "Referrals" ("ReferrerUserId");
CREATE INDEX "IX_Referrals_Status_AnswerDueOn" ON "Referrals" ("Status", "AnswerDueOn");
CREATE UNIQUE INDEX "IX_ReferralSettings_OrganisationId" ON "ReferralSettings" ("OrganisationId");
