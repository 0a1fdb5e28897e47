ALTER TABLE `comments` ADD `amendment_id` text REFERENCES amendments(id) ON DELETE cascade;--> statement-breakpoint
CREATE INDEX `comments_amendment_idx` ON `comments` (`amendment_id`,`created_at`);