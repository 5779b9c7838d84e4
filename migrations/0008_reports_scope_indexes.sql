DROP INDEX `answers_variable`;--> statement-breakpoint
CREATE INDEX `answers_by_respondent` ON `answers` (`respondent_id`,`variable`,`value`);--> statement-breakpoint
CREATE INDEX `respondents_scope` ON `respondents` (`id`,`stage`,`tester`);