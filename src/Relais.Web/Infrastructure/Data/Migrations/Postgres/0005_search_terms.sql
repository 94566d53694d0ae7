-- Household search by word prefix (docs/decisions/0006-search.md): each distinct word of a household's search key
-- is a row of "HouseholdSearchTerms", found by a B-tree range on (OrganisationId, Term); the index carries the
-- household's sort name, so that the matches are counted and sorted by an index-only scan. The trigram index on the
-- search key served LIKE '%word%' and is no longer used.

DROP INDEX "IX_Households_SearchKey";

CREATE TABLE "HouseholdSearchTerms" (
    "Term" character varying(64) COLLATE "C" NOT NULL,
    "HouseholdId" uuid NOT NULL,
    "OrganisationId" uuid NOT NULL,
    "SortName" character varying(220) NOT NULL,
    CONSTRAINT "PK_HouseholdSearchTerms" PRIMARY KEY ("HouseholdId", "Term"),
    CONSTRAINT "FK_HouseholdSearchTerms_Households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "Households" ("Id") ON DELETE CASCADE
);

-- The terms of existing households, as HouseholdSearchTerms.FromKey computes them: the words of the (already folded)
-- key, without the noise words, cut to 64 characters, distinct.
INSERT INTO "HouseholdSearchTerms" ("Term", "HouseholdId", "OrganisationId", "SortName")
SELECT DISTINCT left(w.word, 64), h."Id", h."OrganisationId", h."SortName"
FROM "Households" AS h
CROSS JOIN LATERAL unnest(string_to_array(h."SearchKey", ' ')) AS w(word)
WHERE w.word <> '' AND w.word NOT IN ('batiment', 'residence');

CREATE INDEX "IX_HouseholdSearchTerms_OrganisationId_Term_HouseholdId" ON "HouseholdSearchTerms" ("OrganisationId", "Term", "HouseholdId") INCLUDE ("SortName");

ANALYZE "HouseholdSearchTerms";
