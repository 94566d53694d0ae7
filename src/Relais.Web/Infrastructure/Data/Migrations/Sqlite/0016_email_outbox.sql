-- Issue 6 (helper D, renumber at merge): the organisation's SMTP settings and the e-mail outbox (delivery with retries).
CREATE TABLE "EmailSettings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_EmailSettings" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "Host" TEXT NOT NULL,
    "Port" INTEGER NOT NULL,
    "Security" INTEGER NOT NULL,
    "UserName" TEXT NULL,
    "ProtectedPassword" TEXT NULL,
    "FromAddress" TEXT NOT NULL,
    "FromName" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);

CREATE TABLE "OutboxEmails" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OutboxEmails" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "To" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "NextAttemptAt" INTEGER NOT NULL,
    "SentAt" INTEGER NULL,
    "LastError" TEXT NULL
);

CREATE UNIQUE INDEX "IX_EmailSettings_OrganisationId" ON "EmailSettings" ("OrganisationId");

CREATE INDEX "IX_OutboxEmails_OrganisationId_Status" ON "OutboxEmails" ("OrganisationId", "Status");

CREATE INDEX "IX_OutboxEmails_Status_NextAttemptAt" ON "OutboxEmails" ("Status", "NextAttemptAt");
