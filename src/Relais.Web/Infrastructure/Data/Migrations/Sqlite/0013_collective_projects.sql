-- Collective projects (issue 5, part A): milestones, residents' join requests and proposals
-- (src/Relais.Web/Features/Collective/Projects/ProjectsModel.cs).

CREATE TABLE "ProjectMilestones" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ProjectMilestones" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "ProjectId" TEXT NOT NULL,
    "Phase" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "DueOn" TEXT NULL,
    "DoneOn" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_ProjectMilestones_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ProjectJoinRequests" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ProjectJoinRequests" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "ProjectId" TEXT NOT NULL,
    "PersonId" TEXT NOT NULL,
    "UserId" TEXT NULL,
    "Message" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "Answer" TEXT NOT NULL,
    "AnsweredByUserId" TEXT NULL,
    "AnsweredAt" INTEGER NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_ProjectJoinRequests_Persons_PersonId" FOREIGN KEY ("PersonId") REFERENCES "Persons" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ProjectJoinRequests_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ResidentProposals" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ResidentProposals" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "PersonId" TEXT NOT NULL,
    "UserId" TEXT NULL,
    "ResidenceId" TEXT NULL,
    "Title" TEXT NOT NULL,
    "What" TEXT NOT NULL,
    "Place" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "Answer" TEXT NOT NULL,
    "AnsweredByUserId" TEXT NULL,
    "AnsweredAt" INTEGER NULL,
    "ProjectId" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
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
