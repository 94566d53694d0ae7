-- Collective action (issue 5): themes, projects and group programmes, their territory, members, sessions and
-- attendance (src/Relais.Web/Features/Collective/CollectiveModel.cs).

CREATE TABLE "ProjectThemes" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "Name" character varying(80) NOT NULL,
    "SortOrder" integer NOT NULL,
    "IsActive" boolean NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_ProjectThemes" PRIMARY KEY ("Id")
);

CREATE TABLE "Projects" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "Title" character varying(200) NOT NULL,
    "ThemeId" uuid NOT NULL,
    "Kind" integer NOT NULL,
    "Sensitivity" integer NOT NULL,
    "Status" integer NOT NULL,
    "Origin" integer NOT NULL,
    "Objectives" character varying(4000) NOT NULL,
    "ActionMode" integer NOT NULL,
    "ActionModeDetails" character varying(4000) NOT NULL,
    "ResidentInvolvement" character varying(4000) NOT NULL,
    "FundingLeads" character varying(4000) NOT NULL,
    "ConfidentialityNotes" character varying(4000) NOT NULL,
    "OpenToResidents" boolean NOT NULL,
    "StartsOn" date,
    "EndsOn" date,
    "ClosedOn" date,
    "CalendarFeedToken" character varying(64),
    "CreatedByUserId" uuid,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_Projects" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Projects_ProjectThemes_ThemeId" FOREIGN KEY ("ThemeId") REFERENCES "ProjectThemes" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ProjectSessions" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "ProjectId" uuid NOT NULL,
    "Title" character varying(200) NOT NULL,
    "StartsAt" timestamp with time zone NOT NULL,
    "EndsAt" timestamp with time zone NOT NULL,
    "Place" character varying(300) NOT NULL,
    "Agenda" character varying(4000) NOT NULL,
    "Minutes" character varying(20000) NOT NULL,
    "Cancelled" boolean NOT NULL,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_ProjectSessions" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ProjectSessions_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ProjectTerritories" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "ProjectId" uuid NOT NULL,
    "ResidenceId" uuid,
    "BuildingId" uuid,
    "CommuneCode" character varying(5),
    CONSTRAINT "PK_ProjectTerritories" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ProjectTerritories_Buildings_BuildingId" FOREIGN KEY ("BuildingId") REFERENCES "Buildings" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ProjectTerritories_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ProjectTerritories_Residences_ResidenceId" FOREIGN KEY ("ResidenceId") REFERENCES "Residences" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ProjectMembers" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "ProjectId" uuid NOT NULL,
    "Kind" integer NOT NULL,
    "Role" integer NOT NULL,
    "PersonId" uuid,
    "UserId" uuid,
    "PartnerOrganisationId" uuid,
    "AccompanimentId" uuid,
    "MembershipSharedOn" date,
    "JoinedOn" date NOT NULL,
    "LeftOn" date,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_ProjectMembers" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ProjectMembers_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_ProjectMembers_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ProjectMembers_PartnerOrganisations_PartnerOrganisationId" FOREIGN KEY ("PartnerOrganisationId") REFERENCES "PartnerOrganisations" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ProjectMembers_Persons_PersonId" FOREIGN KEY ("PersonId") REFERENCES "Persons" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ProjectMembers_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SessionAttendances" (
    "SessionId" uuid NOT NULL,
    "MemberId" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "Status" integer NOT NULL,
    "RecordedAt" timestamp with time zone,
    "RecordedByUserId" uuid,
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
