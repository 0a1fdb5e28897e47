CREATE TABLE `releases` (
	`id` text PRIMARY KEY NOT NULL,
	`rulebook_id` text NOT NULL,
	`version` text NOT NULL,
	`major` integer NOT NULL,
	`minor` integer NOT NULL,
	`notes` text,
	`content` text NOT NULL,
	`sha256` text NOT NULL,
	`state` blob NOT NULL,
	`changelog` text NOT NULL,
	`published_by` text NOT NULL,
	`published_at` integer NOT NULL,
	`official_at` integer,
	FOREIGN KEY (`rulebook_id`) REFERENCES `rulebooks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `releases_version_idx` ON `releases` (`rulebook_id`,`version`);--> statement-breakpoint
CREATE INDEX `releases_order_idx` ON `releases` (`rulebook_id`,`major`,`minor`);