CREATE TABLE `reminder_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`segment` text NOT NULL,
	`district` text,
	`school_code` text,
	`text_kk` text,
	`text_ru` text,
	`status` text DEFAULT 'running' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	`progress_message_id` integer
);
--> statement-breakpoint
CREATE INDEX `reminder_jobs_status` ON `reminder_jobs` (`status`);--> statement-breakpoint
CREATE TABLE `reminder_recipients` (
	`job_id` integer NOT NULL,
	`respondent_id` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`reason` text,
	`updated_at` integer,
	PRIMARY KEY(`job_id`, `respondent_id`),
	FOREIGN KEY (`job_id`) REFERENCES `reminder_jobs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`respondent_id`) REFERENCES `respondents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reminder_recipients_job_status` ON `reminder_recipients` (`job_id`,`status`);--> statement-breakpoint
CREATE INDEX `reminder_recipients_respondent` ON `reminder_recipients` (`respondent_id`,`status`);