ALTER TABLE `supports` ADD `recorded_at` integer;--> statement-breakpoint
CREATE INDEX `supports_pending_idx` ON `supports` (`recorded_at`);--> statement-breakpoint
-- Supports given before this migration were recorded in the audit log when they were given.
UPDATE `supports` SET `recorded_at` = `created_at`;
