CREATE TABLE `aggregate_counts` (
	`subject` text NOT NULL,
	`variable` text NOT NULL,
	`value` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`subject`, `variable`, `value`)
);
--> statement-breakpoint
CREATE TABLE `study_end` (
	`id` integer PRIMARY KEY NOT NULL,
	`ended_at` integer NOT NULL,
	`respondents` integer NOT NULL,
	`answers` integer NOT NULL
);
