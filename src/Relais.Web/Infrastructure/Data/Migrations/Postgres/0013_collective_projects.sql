-- Collective projects (issue 5, part A): milestones, residents' join requests and proposals
-- (src/Relais.Web/Features/Collective/Projects/ProjectsModel.cs).

CREATE TABLE "ProjectMilestones" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "ProjectId" uuid NOT NULL,
    "Phase" character varying(120) NOT NULL,
    "Title" character varying(200) NOT NULL,
    "DueOn" date,
    "DoneOn" date,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_ProjectMilestones" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ProjectMilestones_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ProjectJoinRequests" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "ProjectId" uuid NOT NULL,
    "PersonId" uuid NOT NULL,
    "UserId" uuid,
    "Message" character varying(1000) NOT NULL,
    "Status" integer NOT NULL,
    "Answer" character varying(1000) NOT NULL,
    "AnsweredByUserId" uuid,
    "AnsweredAt" timestamp with time zone,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_ProjectJoinRequests" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ProjectJoinRequests_Persons_PersonId" FOREIGN KEY ("PersonId") REFERENCES "Persons" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ProjectJoinRequests_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ResidentProposals" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "PersonId" uuid NOT NULL,
    "UserId" uuid,
    "ResidenceId" uuid,
    "Title" character varying(200) NOT NULL,
    "What" character varying(4000) NOT NULL,
    "Place" character varying(300) NOT NULL,
    "Status" integer NOT NULL,
    "Answer" character varying(2000) NOT NULL,
    "AnsweredByUserId" uuid,
    "AnsweredAt" timestamp with time zone,
    "ProjectId" uuid,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_ResidentProposals" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ResidentProposals_Persons_PersonId" FOREIGN KEY ("PersonId") REFERENCES "Persons" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ResidentProposals_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_ResidentProposals_Residences_ResidenceId" FOREIGN KEY ("ResidenceId") REFERENCES "Residences" ("Id") ON DELETE SET NULL
);

CREATE INDEX "IX_ProjectJoinRequests_PersonId" ON "ProjectJoinRequests" ("PersonId");

CREATE INDEX "IX_ProjectJoinRequests_ProjectId_Status" ON "ProjectJoinRequests" ("ProjectId", "Status");

CREATE INDEX "IX_ProjectMilestones_ProjectId_DueOn" ON "ProjectMilestones" ("ProjectId", "DueOn");

CREATE INDEX "IX_ResidentProposals_OrganisationId_Status" ON "ResidentProposals" ("OrganisationId", "Status");

CREATE INDEX "IX_ResidentProposals_PersonId" ON "ResidentProposals" ("PersonId");

CREATE INDEX "IX_ResidentProposals_ProjectId" ON "ResidentProposals" ("ProjectId");

CREATE INDEX "IX_ResidentProposals_ResidenceId" ON "ResidentProposals" ("ResidenceId");
