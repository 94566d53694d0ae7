-- "Mes échéances": the pending actions due by a date among a worker's goals, filtered in the index.
DROP INDEX "IX_GoalActions_GoalId";
CREATE INDEX "IX_GoalActions_GoalId_Status_DueOn" ON "GoalActions" ("GoalId", "Status", "DueOn");
