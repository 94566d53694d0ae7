-- Collective action, sessions (issue 5): photos and documents of a session and the members shown on them with their
-- consent (src/Relais.Web/Features/Collective/Sessions/SessionMedia.cs). Numbered 0013 in the plan of issue 5.

CREATE TABLE "SessionMedia" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_SessionMedia" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "SessionId" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "SizeBytes" INTEGER NOT NULL,
    "StorageName" TEXT NOT NULL,
    "Sha256" TEXT NOT NULL,
    "UploadedByUserId" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_SessionMedia_ProjectSessions_SessionId" FOREIGN KEY ("SessionId") REFERENCES "ProjectSessions" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SessionMediaPeople" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_SessionMediaPeople" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "MediaId" TEXT NOT NULL,
    "MemberId" TEXT NOT NULL,
    "ConsentedOn" TEXT NOT NULL,
    "WithdrawnOn" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_SessionMediaPeople_ProjectMembers_MemberId" FOREIGN KEY ("MemberId") REFERENCES "ProjectMembers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_SessionMediaPeople_SessionMedia_MediaId" FOREIGN KEY ("MediaId") REFERENCES "SessionMedia" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_SessionMedia_SessionId" ON "SessionMedia" ("SessionId");

CREATE UNIQUE INDEX "IX_SessionMediaPeople_MediaId_MemberId" ON "SessionMediaPeople" ("MediaId", "MemberId");

CREATE INDEX "IX_SessionMediaPeople_MemberId" ON "SessionMediaPeople" ("MemberId");
