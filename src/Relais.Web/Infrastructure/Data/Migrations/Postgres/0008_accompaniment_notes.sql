-- Confidential part of an accompaniment file (docs/decisions/0013-accompaniment-confidentiality.md): partner structures
-- (minimal, docs/decisions/0012-partner-structures-minimal.md) and the Partenaire user's structure, the person's consents
-- (sharing with a named partner, health information), notes and documents with a confidentiality level, and the health
-- information kept only while its consent is current.
-- Numbered 0006 in the feat/acc-notes branch (planned as 0008_accompaniment_notes): renumber at merge.

CREATE TABLE "PartnerOrganisations" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "Name" character varying(160) NOT NULL,
    "IsActive" boolean NOT NULL,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_PartnerOrganisations" PRIMARY KEY ("Id")
);

ALTER TABLE "AspNetUsers" ADD "PartnerOrganisationId" uuid;

ALTER TABLE "AspNetUsers" ADD CONSTRAINT "FK_AspNetUsers_PartnerOrganisations_PartnerOrganisationId" FOREIGN KEY ("PartnerOrganisationId") REFERENCES "PartnerOrganisations" ("Id") ON DELETE RESTRICT;

CREATE TABLE "AccompanimentConsents" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "AccompanimentId" uuid NOT NULL,
    "Kind" integer NOT NULL,
    "PartnerOrganisationId" uuid,
    "Scope" character varying(500),
    "GivenOn" date NOT NULL,
    "Channel" integer NOT NULL,
    "RecordedByUserId" uuid,
    "RecordedByName" character varying(160) NOT NULL,
    "WithdrawnAt" timestamp with time zone,
    "WithdrawnByUserId" uuid,
    "WithdrawnByName" character varying(160),
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_AccompanimentConsents" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_AccompanimentConsents_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AccompanimentConsents_PartnerOrganisations_PartnerOrganisat~" FOREIGN KEY ("PartnerOrganisationId") REFERENCES "PartnerOrganisations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "AccompanimentHealthRecords" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "AccompanimentId" uuid NOT NULL,
    "Categories" integer NOT NULL,
    "Text" character varying(4000),
    "UpdatedByUserId" uuid,
    "UpdatedByName" character varying(160) NOT NULL,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_AccompanimentHealthRecords" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_AccompanimentHealthRecords_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AccompanimentDocuments" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "AccompanimentId" uuid NOT NULL,
    "Level" integer NOT NULL,
    "ConsentId" uuid,
    "AuthorUserId" uuid NOT NULL,
    "AuthorName" character varying(160) NOT NULL,
    "Title" character varying(200) NOT NULL,
    "ContentType" character varying(40) NOT NULL,
    "SizeBytes" bigint NOT NULL,
    "StorageName" character varying(80) NOT NULL,
    "Sha256" character varying(64) NOT NULL,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_AccompanimentDocuments" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_AccompanimentDocuments_AccompanimentConsents_ConsentId" FOREIGN KEY ("ConsentId") REFERENCES "AccompanimentConsents" ("Id"),
    CONSTRAINT "FK_AccompanimentDocuments_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AccompanimentNotes" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "AccompanimentId" uuid NOT NULL,
    "Level" integer NOT NULL,
    "ConsentId" uuid,
    "AuthorUserId" uuid NOT NULL,
    "AuthorName" character varying(160) NOT NULL,
    "Text" character varying(8000) NOT NULL,
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_AccompanimentNotes" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_AccompanimentNotes_AccompanimentConsents_ConsentId" FOREIGN KEY ("ConsentId") REFERENCES "AccompanimentConsents" ("Id"),
    CONSTRAINT "FK_AccompanimentNotes_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_AccompanimentConsents_AccompanimentId_Kind" ON "AccompanimentConsents" ("AccompanimentId", "Kind");

CREATE INDEX "IX_AccompanimentConsents_PartnerOrganisationId" ON "AccompanimentConsents" ("PartnerOrganisationId");

CREATE INDEX "IX_AccompanimentDocuments_AccompanimentId_CreatedAt" ON "AccompanimentDocuments" ("AccompanimentId", "CreatedAt");

CREATE INDEX "IX_AccompanimentDocuments_ConsentId" ON "AccompanimentDocuments" ("ConsentId");

CREATE UNIQUE INDEX "IX_AccompanimentHealthRecords_AccompanimentId" ON "AccompanimentHealthRecords" ("AccompanimentId");

CREATE INDEX "IX_AccompanimentNotes_AccompanimentId_CreatedAt" ON "AccompanimentNotes" ("AccompanimentId", "CreatedAt");

CREATE INDEX "IX_AccompanimentNotes_ConsentId" ON "AccompanimentNotes" ("ConsentId");

CREATE INDEX "IX_AspNetUsers_PartnerOrganisationId" ON "AspNetUsers" ("PartnerOrganisationId");

CREATE UNIQUE INDEX "IX_PartnerOrganisations_OrganisationId_Name" ON "PartnerOrganisations" ("OrganisationId", "Name");
