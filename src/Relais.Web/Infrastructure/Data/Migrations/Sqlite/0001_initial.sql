CREATE TABLE "AuditEntries" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY,
    "At" INTEGER NOT NULL,
    "OrganisationId" TEXT NULL,
    "UserId" TEXT NULL,
    "UserName" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "EntityType" TEXT NOT NULL,
    "EntityId" TEXT NULL,
    "HouseholdId" TEXT NULL,
    "IpAddress" TEXT NULL,
    "Details" TEXT NULL,
    "PreviousHash" TEXT NOT NULL,
    "Hash" TEXT NOT NULL
);


CREATE TABLE "Organisations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Organisations" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "CommuneCode" TEXT NULL,
    "IsDemo" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);


CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "DisplayName" TEXT NOT NULL,
    "Role" INTEGER NOT NULL,
    "IsActive" INTEGER NOT NULL,
    "PersonId" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" INTEGER NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL,
    CONSTRAINT "FK_AspNetUsers_Organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "Organisations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Sectors" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Sectors" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_Sectors_Organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "Organisations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Residences" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Residences" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "SectorId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "CommuneCode" TEXT NOT NULL,
    "CommuneName" TEXT NOT NULL,
    "PostalCode" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_Residences_Organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "Organisations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Residences_Sectors_SectorId" FOREIGN KEY ("SectorId") REFERENCES "Sectors" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "UserSectors" (
    "UserId" TEXT NOT NULL,
    "SectorId" TEXT NOT NULL,
    CONSTRAINT "PK_UserSectors" PRIMARY KEY ("UserId", "SectorId"),
    CONSTRAINT "FK_UserSectors_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_UserSectors_Sectors_SectorId" FOREIGN KEY ("SectorId") REFERENCES "Sectors" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Buildings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Buildings" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "ResidenceId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Street" TEXT NOT NULL,
    "Staircases" TEXT NOT NULL,
    "Floors" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_Buildings_Residences_ResidenceId" FOREIGN KEY ("ResidenceId") REFERENCES "Residences" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Dwellings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Dwellings" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "BuildingId" TEXT NOT NULL,
    "Reference" TEXT NOT NULL,
    "Staircase" TEXT NOT NULL,
    "Floor" INTEGER NOT NULL,
    "Door" TEXT NOT NULL,
    "Typology" TEXT NOT NULL,
    "SurfaceM2" REAL NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_Dwellings_Buildings_BuildingId" FOREIGN KEY ("BuildingId") REFERENCES "Buildings" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Households" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Households" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "TenantReference" TEXT NOT NULL,
    "DwellingId" TEXT NULL,
    "LeaseStart" TEXT NULL,
    "LeaseEnd" TEXT NULL,
    "SearchKey" TEXT NOT NULL,
    "SortName" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_Households_Dwellings_DwellingId" FOREIGN KEY ("DwellingId") REFERENCES "Dwellings" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Persons" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Persons" PRIMARY KEY,
    "OrganisationId" TEXT NOT NULL,
    "HouseholdId" TEXT NOT NULL,
    "FirstName" TEXT NOT NULL,
    "LastName" TEXT NOT NULL,
    "BirthName" TEXT NULL,
    "BirthDate" TEXT NULL,
    "Role" INTEGER NOT NULL,
    "Phone" TEXT NULL,
    "Email" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_Persons_Households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "Households" ("Id") ON DELETE CASCADE
);


CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");


CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");


CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");


CREATE INDEX "IX_AspNetUsers_OrganisationId" ON "AspNetUsers" ("OrganisationId");


CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");


CREATE INDEX "IX_AuditEntries_OrganisationId_EntityType_EntityId" ON "AuditEntries" ("OrganisationId", "EntityType", "EntityId");


CREATE INDEX "IX_AuditEntries_OrganisationId_HouseholdId" ON "AuditEntries" ("OrganisationId", "HouseholdId");


CREATE INDEX "IX_Buildings_OrganisationId" ON "Buildings" ("OrganisationId");


CREATE INDEX "IX_Buildings_ResidenceId" ON "Buildings" ("ResidenceId");


CREATE INDEX "IX_Dwellings_BuildingId" ON "Dwellings" ("BuildingId");


CREATE UNIQUE INDEX "IX_Dwellings_OrganisationId_Reference" ON "Dwellings" ("OrganisationId", "Reference");


CREATE INDEX "IX_Households_DwellingId" ON "Households" ("DwellingId");


CREATE INDEX "IX_Households_OrganisationId_SortName" ON "Households" ("OrganisationId", "SortName");


CREATE UNIQUE INDEX "IX_Households_OrganisationId_TenantReference" ON "Households" ("OrganisationId", "TenantReference");


CREATE INDEX "IX_Households_SearchKey" ON "Households" ("SearchKey");


CREATE INDEX "IX_Persons_HouseholdId" ON "Persons" ("HouseholdId");


CREATE INDEX "IX_Persons_OrganisationId" ON "Persons" ("OrganisationId");


CREATE INDEX "IX_Residences_OrganisationId_Name" ON "Residences" ("OrganisationId", "Name");


CREATE INDEX "IX_Residences_SectorId" ON "Residences" ("SectorId");


CREATE UNIQUE INDEX "IX_Sectors_OrganisationId_Name" ON "Sectors" ("OrganisationId", "Name");


CREATE INDEX "IX_UserSectors_SectorId" ON "UserSectors" ("SectorId");
