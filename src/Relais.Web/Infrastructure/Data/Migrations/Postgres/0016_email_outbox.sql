-- Issue 6 (helper D, renumber at merge): the organisation's SMTP settings and the e-mail outbox (delivery with retries).
CREATE TABLE "EmailSettings" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "Host" character varying(253) NOT NULL,
    "Port" integer NOT NULL,
    "Security" integer NOT NULL,
    "UserName" character varying(254),
    "ProtectedPassword" character varying(4000),
    "FromAddress" character varying(254) NOT NULL,
    "FromName" character varying(160),
    "Version" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_EmailSettings" PRIMARY KEY ("Id")
);

CREATE TABLE "OutboxEmails" (
    "Id" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "To" character varying(254) NOT NULL,
    "Subject" character varying(998) NOT NULL,
    "Body" text NOT NULL,
    "Status" integer NOT NULL,
    "Attempts" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "NextAttemptAt" timestamp with time zone NOT NULL,
    "SentAt" timestamp with time zone,
    "LastError" character varying(2000),
    CONSTRAINT "PK_OutboxEmails" PRIMARY KEY ("Id")
);

CREATE UNIQUE INDEX "IX_EmailSettings_OrganisationId" ON "EmailSettings" ("OrganisationId");

CREATE INDEX "IX_OutboxEmails_OrganisationId_Status" ON "OutboxEmails" ("OrganisationId", "Status");

CREATE INDEX "IX_OutboxEmails_Status_NextAttemptAt" ON "OutboxEmails" ("Status", "NextAttemptAt");
