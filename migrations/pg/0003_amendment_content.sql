ALTER TABLE "amendment_revisions" ADD COLUMN "content" text;--> statement-breakpoint
ALTER TABLE "amendments" ADD COLUMN "content" text;--> statement-breakpoint
ALTER TABLE "amendments" ADD COLUMN "base_content" text;