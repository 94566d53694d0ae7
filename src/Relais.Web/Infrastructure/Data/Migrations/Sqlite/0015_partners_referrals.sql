-- Issue 6: the partner directory (data·inclusion fields), services, coverage, agreements; referrals.
ALTER TABLE "PartnerOrganisations" ADD "Kind" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "PartnerOrganisations" ADD "Siret" TEXT NULL;
ALTER TABLE "PartnerOrganisations" ADD "Description" TEXT NULL;
ALTER TABLE "PartnerOrganisations" ADD "Address" TEXT NULL;
ALTER TABLE "PartnerOrganisations" ADD "AddressComplement" TEXT NULL;
ALTER TABLE "PartnerOrganisations" ADD "PostalCode" TEXT NULL;
ALTER TABLE "PartnerOrganisations" ADD "City" TEXT NULL;
ALTER TABLE "PartnerOrganisations" ADD "CommuneCode" TEXT NULL;
ALTER TABLE "PartnerOrganisations" ADD "Latitude" REAL NULL;
ALTER TABLE "PartnerOrganisations" ADD "Longitude" REAL NULL;
ALTER TABLE "PartnerOrganisations" ADD "Phone" TEXT NULL;
ALTER TABLE "PartnerOrganisations" ADD "Email" TEXT NULL;
ALTER TABLE "PartnerOrganisations" ADD "Website" TEXT NULL;
ALTER TABLE "PartnerOrganisations" ADD "OpeningHours" TEXT NULL;
ALTER TABLE "PartnerOrganisations" ADD "AccessibilityUrl" TEXT NULL;
ALTER TABLE "PartnerOrganisations" ADD "Networks" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "PartnerOrganisations" ADD "SourceName" TEXT NULL;
ALTER TABLE "PartnerOrganisations" ADD "SourceId" TEXT NULL;
ALTER TABLE "PartnerOrganisations" ADD "SourceUrl" TEXT NULL;
ALTER TABLE "PartnerOrganisations" ADD "CheckedOn" TEXT NULL;

CREATE TABLE "PartnerContacts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_PartnerContacts" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "PartnerOrganisationId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Function" TEXT NULL,
    "Phone" TEXT NULL,
    "Email" TEXT NULL,
    CONSTRAINT "FK_PartnerContacts_PartnerOrganisations_PartnerOrganisationId" FOREIGN KEY ("PartnerOrganisationId") REFERENCES "PartnerOrganisations" ("Id") ON DELETE CASCADE
);

CREATE TABLE "PartnerCoverage" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_PartnerCoverage" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "PartnerOrganisationId" TEXT NOT NULL,
    "ResidenceId" TEXT NULL,
    "Code" TEXT NULL,
    CONSTRAINT "FK_PartnerCoverage_PartnerOrganisations_PartnerOrganisationId" FOREIGN KEY ("PartnerOrganisationId") REFERENCES "PartnerOrganisations" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_PartnerCoverage_Residences_ResidenceId" FOREIGN KEY ("ResidenceId") REFERENCES "Residences" ("Id") ON DELETE CASCADE
);

CREATE TABLE "PartnerServices" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_PartnerServices" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "PartnerOrganisationId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "IsActive" INTEGER NOT NULL,
    "Type" TEXT NULL,
    "Themes" TEXT NOT NULL,
    "Publics" TEXT NOT NULL,
    "PublicsDetails" TEXT NULL,
    "AccessConditions" TEXT NULL,
    "Fees" TEXT NULL,
    "FeesDetails" TEXT NULL,
    "ReceptionModes" TEXT NOT NULL,
    "MobilisationModes" TEXT NOT NULL,
    "MobilisableBy" TEXT NOT NULL,
    "MobilisationDetails" TEXT NULL,
    "MobilisationUrl" TEXT NULL,
    "ContactName" TEXT NULL,
    "Phone" TEXT NULL,
    "Email" TEXT NULL,
    "Address" TEXT NULL,
    "AddressComplement" TEXT NULL,
    "PostalCode" TEXT NULL,
    "City" TEXT NULL,
    "CommuneCode" TEXT NULL,
    "Latitude" REAL NULL,
    "Longitude" REAL NULL,
    "OpeningHours" TEXT NULL,
    "EligibilityZone" TEXT NOT NULL,
    "Weeks" INTEGER NULL,
    "WeeklyHours" REAL NULL,
    "SourceId" TEXT NULL,
    "SourceUrl" TEXT NULL,
    "CheckedOn" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_PartnerServices_PartnerOrganisations_PartnerOrganisationId" FOREIGN KEY ("PartnerOrganisationId") REFERENCES "PartnerOrganisations" ("Id") ON DELETE CASCADE
);

CREATE TABLE "PartnerAgreements" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_PartnerAgreements" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "PartnerOrganisationId" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "StartsOn" TEXT NULL,
    "EndsOn" TEXT NULL,
    "Notes" TEXT NULL,
    "DocumentFileName" TEXT NULL,
    "DocumentContentType" TEXT NULL,
    "DocumentSize" INTEGER NULL,
    "DocumentStorageKey" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_PartnerAgreements_PartnerOrganisations_PartnerOrganisationId" FOREIGN KEY ("PartnerOrganisationId") REFERENCES "PartnerOrganisations" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ReferralSettings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ReferralSettings" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "ExpiryDays" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);

CREATE TABLE "Referrals" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Referrals" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "Origin" INTEGER NOT NULL,
    "PersonId" TEXT NOT NULL,
    "HouseholdId" TEXT NOT NULL,
    "AccompanimentId" TEXT NULL,
    "ContactAttemptId" TEXT NULL,
    "ProjectId" TEXT NULL,
    "PartnerOrganisationId" TEXT NOT NULL,
    "PartnerServiceId" TEXT NULL,
    "Theme" TEXT NULL,
    "SharesPersonalData" INTEGER NOT NULL,
    "SharedInformation" TEXT NULL,
    "InternalNote" TEXT NULL,
    "SharedPhone" TEXT NULL,
    "SharedEmail" TEXT NULL,
    "AccompanimentConsentId" TEXT NULL,
    "ConsentGivenOn" TEXT NULL,
    "ConsentChannel" INTEGER NULL,
    "ConsentRecordedByUserId" TEXT NULL,
    "ConsentRecordedByName" TEXT NULL,
    "ConsentWithdrawnAt" INTEGER NULL,
    "OverrideReason" TEXT NULL,
    "OverrideByUserId" TEXT NULL,
    "OverrideByName" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "ReferrerUserId" TEXT NULL,
    "ReferrerName" TEXT NOT NULL,
    "SentAt" INTEGER NULL,
    "AnswerDueOn" TEXT NULL,
    "AnsweredAt" INTEGER NULL,
    "AnsweredByUserId" TEXT NULL,
    "AnsweredByName" TEXT NULL,
    "RefusalReason" TEXT NULL,
    "AppointmentAt" INTEGER NULL,
    "DoneAt" INTEGER NULL,
    "Outcome" TEXT NULL,
    "ClosedAt" INTEGER NULL,
    "AnswerSeenAt" INTEGER NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
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
