-- Household search by word prefix (docs/decisions/0006-search.md): each distinct word of a household's search key
-- is a row of "HouseholdSearchTerms", found by a B-tree range on (OrganisationId, Term), with the household's sort
-- name. The index on the search key could not serve LIKE '%word%' and is no longer used.

DROP INDEX "IX_Households_SearchKey";

CREATE TABLE "HouseholdSearchTerms" (
    "Term" TEXT NOT NULL,
    "HouseholdId" TEXT NOT NULL,
    "OrganisationId" TEXT NOT NULL,
    "SortName" TEXT NOT NULL,
    CONSTRAINT "PK_HouseholdSearchTerms" PRIMARY KEY ("HouseholdId", "Term"),
    CONSTRAINT "FK_HouseholdSearchTerms_Households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "Households" ("Id") ON DELETE CASCADE
);

-- The terms of existing households, as HouseholdSearchTerms.FromKey computes them: the words of the (already folded)
-- key, split on spaces by a recursive CTE, without the noise words, cut to 64 characters, distinct.
WITH RECURSIVE "Words" ("HouseholdId", "Word", "Rest") AS (
    SELECT "Id", '', "SearchKey" || ' ' FROM "Households"
    UNION ALL
    SELECT "HouseholdId", substr("Rest", 1, instr("Rest", ' ') - 1), substr("Rest", instr("Rest", ' ') + 1)
    FROM "Words" WHERE "Rest" <> ''
)
INSERT INTO "HouseholdSearchTerms" ("Term", "HouseholdId", "OrganisationId", "SortName")
SELECT DISTINCT substr(w."Word", 1, 64), h."Id", h."OrganisationId", h."SortName"
FROM "Words" AS w
JOIN "Households" AS h ON h."Id" = w."HouseholdId"
WHERE w."Word" <> '' AND w."Word" NOT IN ('batiment', 'residence');

CREATE INDEX "IX_HouseholdSearchTerms_OrganisationId_Term_HouseholdId" ON "HouseholdSearchTerms" ("OrganisationId", "Term", "HouseholdId");

-- Planner statistics for the new table (SQLite has none until ANALYZE runs): a household's words are few, an
-- organisation's are many. Without them SQLite checks one household's word by scanning the search index's range of
-- that word for the whole organisation instead of using the key (HouseholdId, Term). ANALYZE sqlite_schema creates
-- sqlite_stat1 when it does not exist; a later ANALYZE or PRAGMA optimize replaces these rows with measured ones.
ANALYZE sqlite_schema;
DELETE FROM sqlite_stat1 WHERE tbl = 'HouseholdSearchTerms';
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
    ('HouseholdSearchTerms', 'sqlite_autoindex_HouseholdSearchTerms_1', '100000 20 1'),
    ('HouseholdSearchTerms', 'IX_HouseholdSearchTerms_OrganisationId_Term_HouseholdId', '100000 100000 20 1');
