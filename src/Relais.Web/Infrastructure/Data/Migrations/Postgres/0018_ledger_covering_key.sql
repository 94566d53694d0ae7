-- The ledger's key also carries the amounts (INCLUDE): a household's months (file page, group dashboard, signal
-- detection) are read from the key's B-tree alone, instead of one heap page per month, since each monthly import writes
-- a household's line far from its previous ones. Still one B-tree to maintain on import (docs/decisions/0010, 0021).

ALTER TABLE "RentLedgerLines" DROP CONSTRAINT "PK_RentLedgerLines";

ALTER TABLE "RentLedgerLines" ADD CONSTRAINT "PK_RentLedgerLines" PRIMARY KEY ("OrganisationId", "HouseholdId", "Month")
    INCLUDE ("Billed", "Paid", "HousingBenefit", "Balance");
