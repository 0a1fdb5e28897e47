ALTER TABLE `comment_reports` ADD `resolved_at` integer;--> statement-breakpoint
ALTER TABLE `rulebooks` ADD `auto_hide_after` integer;