-- Collective action (issue 5): themes, projects and group programmes, their territory, members, sessions and
-- attendance (src/Relais.Web/Features/Collective/CollectiveModel.cs).

CREATE TABLE "ProjectThemes" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ProjectThemes" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "SortOrder" INTEGER NOT NULL,
    "IsActive" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);

CREATE TABLE "Projects" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Projects" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "ThemeId" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Sensitivity" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "Origin" INTEGER NOT NULL,
    "Objectives" TEXT NOT NULL,
    "ActionMode" INTEGER NOT NULL,
    "ActionModeDetails" TEXT NOT NULL,
    "ResidentInvolvement" TEXT NOT NULL,
    "FundingLeads" TEXT NOT NULL,
    "ConfidentialityNotes" TEXT NOT NULL,
    "OpenToResidents" INTEGER NOT NULL,
    "StartsOn" TEXT NULL,
    "EndsOn" TEXT NULL,
    "ClosedOn" TEXT NULL,
    "CalendarFeedToken" TEXT NULL,
    "CreatedByUserId" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_Projects_ProjectThemes_ThemeId" FOREIGN KEY ("ThemeId") REFERENCES "ProjectThemes" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ProjectSessions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ProjectSessions" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "ProjectId" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "StartsAt" INTEGER NOT NULL,
    "EndsAt" INTEGER NOT NULL,
    "Place" TEXT NOT NULL,
    "Agenda" TEXT NOT NULL,
    "Minutes" TEXT NOT NULL,
    "Cancelled" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_ProjectSessions_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ProjectTerritories" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ProjectTerritories" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "ProjectId" TEXT NOT NULL,
    "ResidenceId" TEXT NULL,
    "BuildingId" TEXT NULL,
    "CommuneCode" TEXT NULL,
    CONSTRAINT "FK_ProjectTerritories_Buildings_BuildingId" FOREIGN KEY ("BuildingId") REFERENCES "Buildings" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ProjectTerritories_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ProjectTerritories_Residences_ResidenceId" FOREIGN KEY ("ResidenceId") REFERENCES "Residences" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ProjectMembers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ProjectMembers" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "ProjectId" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Role" INTEGER NOT NULL,
    "PersonId" TEXT NULL,
    "UserId" TEXT NULL,
    "PartnerOrganisationId" TEXT NULL,
    "AccompanimentId" TEXT NULL,
    "MembershipSharedOn" TEXT NULL,
    "JoinedOn" TEXT NOT NULL,
    "LeftOn" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_ProjectMembers_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_ProjectMembers_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ProjectMembers_PartnerOrganisations_PartnerOrganisationId" FOREIGN KEY ("PartnerOrganisationId") REFERENCES "PartnerOrganisations" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ProjectMembers_Persons_PersonId" FOREIGN KEY ("PersonId") REFERENCES "Persons" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ProjectMembers_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SessionAttendances" (
    "SessionId" TEXT NOT NULL,
    "MemberId" TEXT NOT NULL,
    "OrganisationId" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "RecordedAt" INTEGER NULL,
    "RecordedByUserId" TEXT NULL,
    CONSTRAINT "PK_SessionAttendances" PRIMARY KEY ("SessionId", "MemberId"),
    CONSTRAINT "FK_SessionAttendances_ProjectMembers_MemberId" FOREIGN KEY ("MemberId") REFERENCES "ProjectMembers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_SessionAttendances_ProjectSessions_SessionId" FOREIGN KEY ("SessionId") REFERENCES "ProjectSessions" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_ProjectMembers_AccompanimentId" ON "ProjectMembers" ("AccompanimentId");

CREATE INDEX "IX_ProjectMembers_PartnerOrganisationId" ON "ProjectMembers" ("PartnerOrganisationId");

CREATE INDEX "IX_ProjectMembers_PersonId" ON "ProjectMembers" ("PersonId");

CREATE INDEX "IX_ProjectMembers_ProjectId_Kind" ON "ProjectMembers" ("ProjectId", "Kind");

CREATE INDEX "IX_ProjectMembers_UserId" ON "ProjectMembers" ("UserId");

CREATE UNIQUE INDEX "IX_Projects_CalendarFeedToken" ON "Projects" ("CalendarFeedToken");

CREATE INDEX "IX_Projects_OrganisationId_Status" ON "Projects" ("OrganisationId", "Status");

CREATE INDEX "IX_Projects_ThemeId" ON "Projects" ("ThemeId");

CREATE INDEX "IX_ProjectSessions_ProjectId_StartsAt" ON "ProjectSessions" ("ProjectId", "StartsAt");

CREATE INDEX "IX_ProjectTerritories_BuildingId" ON "ProjectTerritories" ("BuildingId");

CREATE INDEX "IX_ProjectTerritories_OrganisationId_CommuneCode" ON "ProjectTerritories" ("OrganisationId", "CommuneCode");

CREATE INDEX "IX_ProjectTerritories_OrganisationId_ResidenceId" ON "ProjectTerritories" ("OrganisationId", "ResidenceId");

CREATE INDEX "IX_ProjectTerritories_ProjectId" ON "ProjectTerritories" ("ProjectId");

CREATE INDEX "IX_ProjectTerritories_ResidenceId" ON "ProjectTerritories" ("ResidenceId");

CREATE UNIQUE INDEX "IX_ProjectThemes_OrganisationId_Name" ON "ProjectThemes" ("OrganisationId", "Name");

CREATE INDEX "IX_SessionAttendances_MemberId" ON "SessionAttendances" ("MemberId");
