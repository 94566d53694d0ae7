-- Confidential part of an accompaniment file (docs/decisions/0013-accompaniment-confidentiality.md): partner structures
-- (minimal, docs/decisions/0012-partner-structures-minimal.md) and the Partenaire user's structure, the person's consents
-- (sharing with a named partner, health information), notes and documents with a confidentiality level, and the health
-- information kept only while its consent is current.
-- Numbered 0006 in the feat/acc-notes branch (planned as 0008_accompaniment_notes): renumber at merge.

CREATE TABLE "PartnerOrganisations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_PartnerOrganisations" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "IsActive" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);

ALTER TABLE "AspNetUsers" ADD "PartnerOrganisationId" TEXT NULL CONSTRAINT "FK_AspNetUsers_PartnerOrganisations_PartnerOrganisationId" REFERENCES "PartnerOrganisations" ("Id") ON DELETE RESTRICT;

CREATE TABLE "AccompanimentConsents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AccompanimentConsents" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "AccompanimentId" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "PartnerOrganisationId" TEXT NULL,
    "Scope" TEXT NULL,
    "GivenOn" TEXT NOT NULL,
    "Channel" INTEGER NOT NULL,
    "RecordedByUserId" TEXT NULL,
    "RecordedByName" TEXT NOT NULL,
    "WithdrawnAt" INTEGER NULL,
    "WithdrawnByUserId" TEXT NULL,
    "WithdrawnByName" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_AccompanimentConsents_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AccompanimentConsents_PartnerOrganisations_PartnerOrganisationId" FOREIGN KEY ("PartnerOrganisationId") REFERENCES "PartnerOrganisations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "AccompanimentHealthRecords" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AccompanimentHealthRecords" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "AccompanimentId" TEXT NOT NULL,
    "Categories" INTEGER NOT NULL,
    "Text" TEXT NULL,
    "UpdatedByUserId" TEXT NULL,
    "UpdatedByName" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_AccompanimentHealthRecords_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AccompanimentDocuments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AccompanimentDocuments" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "AccompanimentId" TEXT NOT NULL,
    "Level" INTEGER NOT NULL,
    "ConsentId" TEXT NULL,
    "AuthorUserId" TEXT NOT NULL,
    "AuthorName" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "SizeBytes" INTEGER NOT NULL,
    "StorageName" TEXT NOT NULL,
    "Sha256" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_AccompanimentDocuments_AccompanimentConsents_ConsentId" FOREIGN KEY ("ConsentId") REFERENCES "AccompanimentConsents" ("Id"),
    CONSTRAINT "FK_AccompanimentDocuments_Accompaniments_AccompanimentId" FOREIGN KEY ("AccompanimentId") REFERENCES "Accompaniments" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AccompanimentNotes" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AccompanimentNotes" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "AccompanimentId" TEXT NOT NULL,
    "Level" INTEGER NOT NULL,
    "ConsentId" TEXT NULL,
    "AuthorUserId" TEXT NOT NULL,
    "AuthorName" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
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
