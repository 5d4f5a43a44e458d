-- Gold a quiz sitting showed is never served as queue gold again (lib/server/quiz/start-quiz.ts).
ALTER TABLE "GoldItem" ADD COLUMN "quizExposedAt" DATETIME;
-- Gold that sittings already showed counts as shown.
UPDATE "GoldItem" SET "quizExposedAt" = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
WHERE "sampleId" IN (SELECT j."value" FROM "QuizAttempt" AS q, json_each(q."sampleIds") AS j);
