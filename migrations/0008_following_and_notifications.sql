CREATE TABLE `consultation_notices` (
	`rulebook_id` text NOT NULL,
	`notice` text NOT NULL,
	`at` integer NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`rulebook_id`, `notice`, `at`),
	FOREIGN KEY (`rulebook_id`) REFERENCES `rulebooks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `follows` (
	`user_id` text NOT NULL,
	`rulebook_id` text NOT NULL,
	`target` text NOT NULL,
	`target_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `target`, `target_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rulebook_id`) REFERENCES `rulebooks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `follows_target_idx` ON `follows` (`target`,`target_id`);--> statement-breakpoint
CREATE TABLE `notification_preferences` (
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`delivery` text NOT NULL,
	PRIMARY KEY(`user_id`, `kind`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`rulebook_id` text NOT NULL,
	`kind` text NOT NULL,
	`event_key` text NOT NULL,
	`payload` text NOT NULL,
	`path` text NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer,
	`digest_pending` integer DEFAULT false NOT NULL,
	`mailed_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rulebook_id`) REFERENCES `rulebooks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_event_idx` ON `notifications` (`user_id`,`event_key`);--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`read_at`,`id`);--> statement-breakpoint
CREATE INDEX `notifications_digest_idx` ON `notifications` (`digest_pending`,`created_at`);--> statement-breakpoint
INSERT OR IGNORE INTO `follows` (`user_id`, `rulebook_id`, `target`, `target_id`, `created_at`) SELECT `author_id`, `rulebook_id`, 'amendment', `id`, `created_at` FROM `amendments`;--> statement-breakpoint
INSERT OR IGNORE INTO `follows` (`user_id`, `rulebook_id`, `target`, `target_id`, `created_at`) SELECT s.`user_id`, a.`rulebook_id`, 'amendment', a.`id`, s.`created_at` FROM `supports` s JOIN `amendments` a ON a.`id` = s.`amendment_id`;--> statement-breakpoint
INSERT OR IGNORE INTO `follows` (`user_id`, `rulebook_id`, `target`, `target_id`, `created_at`) SELECT `user_id`, `rulebook_id`, 'rulebook', `rulebook_id`, `created_at` FROM `memberships` WHERE `role` = 'organiser';
