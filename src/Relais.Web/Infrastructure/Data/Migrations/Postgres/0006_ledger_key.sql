-- The rent ledger keeps one B-tree: its key (organisation, household, month). The surrogate Id, the household index,
-- the (organisation, month) index and the foreign key to the households are gone: a 3.6-million-line import maintained
-- four B-trees and checked a foreign key per line (docs/decisions/0010-ledger-key.md).

ALTER TABLE "RentLedgerLines" DROP CONSTRAINT "FK_RentLedgerLines_Households_HouseholdId";

DROP INDEX "IX_RentLedgerLines_HouseholdId";

DROP INDEX "IX_RentLedgerLines_OrganisationId_Month";

DROP INDEX "IX_RentLedgerLines_OrganisationId_HouseholdId_Month";

ALTER TABLE "RentLedgerLines" DROP CONSTRAINT "PK_RentLedgerLines";

ALTER TABLE "RentLedgerLines" DROP COLUMN "Id";

ALTER TABLE "RentLedgerLines" ADD CONSTRAINT "PK_RentLedgerLines" PRIMARY KEY ("OrganisationId", "HouseholdId", "Month");
