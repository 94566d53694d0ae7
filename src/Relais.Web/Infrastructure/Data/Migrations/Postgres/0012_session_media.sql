-- Collective action, sessions (issue 5): photos and documents of a session and the members shown on them with their
-- consent (src/Relais.Web/Features/Collective/Sessions/SessionMedia.cs). Numbered 0013 in the plan of issue 5.

CREATE TABLE "SessionMedia" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "SessionId" uuid NOT NULL,
    "Title" character varying(200) NOT NULL,
    "ContentType" character varying(100) NOT NULL,
    "SizeBytes" bigint NOT NULL,
    "StorageName" character varying(64) NOT NULL,
    "Sha256" character varying(64) NOT NULL,
    "UploadedByUserId" uuid,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_SessionMedia" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_SessionMedia_ProjectSessions_SessionId" FOREIGN KEY ("SessionId") REFERENCES "ProjectSessions" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SessionMediaPeople" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "MediaId" uuid NOT NULL,
    "MemberId" uuid NOT NULL,
    "ConsentedOn" date NOT NULL,
    "WithdrawnOn" date,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_SessionMediaPeople" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_SessionMediaPeople_ProjectMembers_MemberId" FOREIGN KEY ("MemberId") REFERENCES "ProjectMembers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_SessionMediaPeople_SessionMedia_MediaId" FOREIGN KEY ("MediaId") REFERENCES "SessionMedia" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_SessionMedia_SessionId" ON "SessionMedia" ("SessionId");

CREATE UNIQUE INDEX "IX_SessionMediaPeople_MediaId_MemberId" ON "SessionMediaPeople" ("MediaId", "MemberId");

CREATE INDEX "IX_SessionMediaPeople_MemberId" ON "SessionMediaPeople" ("MemberId");
