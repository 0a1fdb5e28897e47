ALTER TABLE `amendment_revisions` ADD `content` text;--> statement-breakpoint
ALTER TABLE `amendments` ADD `content` text;--> statement-breakpoint
ALTER TABLE `amendments` ADD `base_content` text;