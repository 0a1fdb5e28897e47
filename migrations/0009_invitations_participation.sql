CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`rulebook_id` text NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`invited_by` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`accepted_by` text,
	`revoked_at` integer,
	FOREIGN KEY (`rulebook_id`) REFERENCES `rulebooks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`accepted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_hash_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitations_rulebook_idx` ON `invitations` (`rulebook_id`,`email`);--> statement-breakpoint
ALTER TABLE `rulebooks` ADD `participation` text DEFAULT 'verified' NOT NULL;--> statement-breakpoint
ALTER TABLE `rulebooks` ADD `allowed_domains` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `rulebooks` ADD `hide_support_counts` integer DEFAULT false NOT NULL;