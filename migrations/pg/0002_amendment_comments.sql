ALTER TABLE "comments" ADD COLUMN "amendment_id" text;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_amendment_id_amendments_id_fk" FOREIGN KEY ("amendment_id") REFERENCES "public"."amendments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comments_amendment_idx" ON "comments" USING btree ("amendment_id","created_at");