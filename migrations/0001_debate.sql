CREATE TABLE `amendment_revisions` (
	`amendment_id` text NOT NULL,
	`revision` integer NOT NULL,
	`title` text,
	`text` text,
	`rationale` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`amendment_id`, `revision`),
	FOREIGN KEY (`amendment_id`) REFERENCES `amendments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `amendments` (
	`id` text PRIMARY KEY NOT NULL,
	`rulebook_id` text NOT NULL,
	`number` integer NOT NULL,
	`kind` text NOT NULL,
	`article_id` text,
	`after_article_id` text,
	`title` text,
	`text` text,
	`rationale` text NOT NULL,
	`base_title` text,
	`base_text` text,
	`author_id` text NOT NULL,
	`status` text NOT NULL,
	`decision_reason` text,
	`decided_by` text,
	`decided_at` integer,
	`applied_title` text,
	`applied_text` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`rulebook_id`) REFERENCES `rulebooks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `amendments_rulebook_idx` ON `amendments` (`rulebook_id`,`status`);--> statement-breakpoint
CREATE INDEX `amendments_article_idx` ON `amendments` (`rulebook_id`,`article_id`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rulebook_id` text NOT NULL,
	`actor_id` text,
	`actor_name` text,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`rulebook_id`) REFERENCES `rulebooks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_rulebook_idx` ON `audit_events` (`rulebook_id`,`seq`);--> statement-breakpoint
CREATE TABLE `comment_reports` (
	`comment_id` text NOT NULL,
	`user_id` text NOT NULL,
	`reason` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`comment_id`, `user_id`),
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `comments` (
	`id` text PRIMARY KEY NOT NULL,
	`rulebook_id` text NOT NULL,
	`article_id` text NOT NULL,
	`parent_id` text,
	`author_id` text NOT NULL,
	`body` text NOT NULL,
	`quote` text,
	`anchor_start` text,
	`anchor_end` text,
	`created_at` integer NOT NULL,
	`edited_at` integer,
	`deleted_at` integer,
	`hidden_at` integer,
	`hidden_by` text,
	`hidden_reason` text,
	FOREIGN KEY (`rulebook_id`) REFERENCES `rulebooks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`hidden_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `comments_article_idx` ON `comments` (`rulebook_id`,`article_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `supports` (
	`amendment_id` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`amendment_id`, `user_id`),
	FOREIGN KEY (`amendment_id`) REFERENCES `amendments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `rulebooks` ADD `opens_at` integer;--> statement-breakpoint
ALTER TABLE `rulebooks` ADD `closes_at` integer;