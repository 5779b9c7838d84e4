-- Written by hand over drizzle-kit's output (which only dropped answers_by_respondent):
-- answers and processed_updates move to WITHOUT ROWID tables, which drizzle's schema cannot
-- express. Each stored answer then writes two b-trees instead of four, each update key one
-- instead of two, and the primary key of answers serves what answers_by_respondent did.
CREATE TABLE `__new_answers` (
	`respondent_id` text NOT NULL,
	`variable` text NOT NULL,
	`value` text,
	`answered_at` integer NOT NULL,
	PRIMARY KEY(`respondent_id`, `variable`),
	FOREIGN KEY (`respondent_id`) REFERENCES `respondents`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_answers` (`respondent_id`, `variable`, `value`, `answered_at`)
	SELECT `respondent_id`, `variable`, `value`, `answered_at` FROM `answers`;
--> statement-breakpoint
DROP TABLE `answers`;
--> statement-breakpoint
ALTER TABLE `__new_answers` RENAME TO `answers`;
--> statement-breakpoint
CREATE INDEX `answers_report` ON `answers` (`variable`,`value`,`respondent_id`);
--> statement-breakpoint
CREATE TABLE `__new_processed_updates` (
	`key` text PRIMARY KEY NOT NULL,
	`at` integer DEFAULT (unixepoch() * 1000) NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_processed_updates` (`key`, `at`) SELECT `key`, `at` FROM `processed_updates`;
--> statement-breakpoint
DROP TABLE `processed_updates`;
--> statement-breakpoint
ALTER TABLE `__new_processed_updates` RENAME TO `processed_updates`;
