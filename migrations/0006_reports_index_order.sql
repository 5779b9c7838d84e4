DROP INDEX `answers_report`;--> statement-breakpoint
CREATE INDEX `answers_report` ON `answers` (`variable`,`value`,`respondent_id`);