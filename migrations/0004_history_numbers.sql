CREATE TABLE `pending_draft_edits` (
	`id` text PRIMARY KEY NOT NULL,
	`rulebook_id` text NOT NULL,
	`user_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`article_id` text NOT NULL,
	`article_number` integer,
	`before` text,
	`started_at` integer NOT NULL,
	FOREIGN KEY (`rulebook_id`) REFERENCES `rulebooks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `amendments` ADD `article_number` integer;--> statement-breakpoint
ALTER TABLE `amendments` ADD `decided_article_number` integer;--> statement-breakpoint
ALTER TABLE `audit_events` ADD `number` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `audit_events` ADD `formula` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Entries written before this migration keep their hash (formula 1, over the global seq) and are numbered
-- 1, 2, 3… within their rulebook in the order they were written; later entries hash their number (formula 2).
UPDATE `audit_events` SET `number` = (SELECT count(*) FROM `audit_events` AS `earlier` WHERE `earlier`.`rulebook_id` = `audit_events`.`rulebook_id` AND `earlier`.`seq` <= `audit_events`.`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `audit_number_idx` ON `audit_events` (`rulebook_id`,`number`);--> statement-breakpoint
ALTER TABLE `comments` ADD `article_number` integer;