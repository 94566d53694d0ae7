-- The rent ledger keeps one B-tree: its key (organisation, household, month), and SQLite stores the table in it
-- (WITHOUT ROWID). The surrogate Id, the household index, the (organisation, month) index and the foreign key to the
-- households are gone: a 3.6-million-line import maintained four B-trees and checked a key per line
-- (docs/decisions/0010-ledger-key.md). SQLite cannot change a primary key in place: the table is rebuilt.

CREATE TABLE "ef_temp_RentLedgerLines" (
    "OrganisationId" TEXT NOT NULL,
    "HouseholdId" TEXT NOT NULL,
    "Month" TEXT NOT NULL,
    "Balance" REAL NOT NULL,
    "Billed" REAL NOT NULL,
    "DwellingReference" TEXT NOT NULL,
    "HousingBenefit" REAL NOT NULL,
    "ImportId" TEXT NOT NULL,
    "Paid" REAL NOT NULL,
    CONSTRAINT "PK_RentLedgerLines" PRIMARY KEY ("OrganisationId", "HouseholdId", "Month")
) WITHOUT ROWID;

INSERT INTO "ef_temp_RentLedgerLines" ("OrganisationId", "HouseholdId", "Month", "Balance", "Billed", "DwellingReference", "HousingBenefit", "ImportId", "Paid")
SELECT "OrganisationId", "HouseholdId", "Month", "Balance", "Billed", "DwellingReference", "HousingBenefit", "ImportId", "Paid"
FROM "RentLedgerLines";

DROP TABLE "RentLedgerLines";

ALTER TABLE "ef_temp_RentLedgerLines" RENAME TO "RentLedgerLines";
