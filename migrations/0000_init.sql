CREATE TABLE `answers` (
	`respondent_id` text NOT NULL,
	`variable` text NOT NULL,
	`value` text,
	`answered_at` integer NOT NULL,
	PRIMARY KEY(`respondent_id`, `variable`),
	FOREIGN KEY (`respondent_id`) REFERENCES `respondents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `answers_variable` ON `answers` (`variable`,`value`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`respondent_id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`address` text NOT NULL,
	`shown` text,
	`prompt_message_id` integer,
	`unreachable` integer DEFAULT false NOT NULL,
	`opted_out` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`respondent_id`) REFERENCES `respondents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_address` ON `contacts` (`channel`,`address`);--> statement-breakpoint
CREATE TABLE `processed_updates` (
	`key` text PRIMARY KEY NOT NULL,
	`at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `respondents` (
	`id` text PRIMARY KEY NOT NULL,
	`survey_id` text NOT NULL,
	`survey_version` integer NOT NULL,
	`language` text,
	`school_code` text,
	`stage` text NOT NULL,
	`cursor` text,
	`draft` text,
	`last_prompt` text,
	`last_value` text,
	`tester` integer DEFAULT false NOT NULL,
	`started_at` integer NOT NULL,
	`consented_at` integer,
	`declined_at` integer,
	`completed_at` integer,
	`last_activity_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `respondents_stage` ON `respondents` (`stage`,`cursor`);