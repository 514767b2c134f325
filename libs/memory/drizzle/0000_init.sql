CREATE TABLE "checkpoints" (
	"trial_id" text NOT NULL,
	"step" integer NOT NULL,
	"size" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "checkpoints_trial_id_step_pk" PRIMARY KEY("trial_id","step")
);
--> statement-breakpoint
CREATE TABLE "experiments" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"spec" jsonb,
	"seed" bigint NOT NULL,
	"backend" text NOT NULL,
	"context" jsonb,
	"summary" jsonb,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lineage" (
	"experiment_id" text NOT NULL,
	"child_id" text NOT NULL,
	"parent_id" text NOT NULL,
	"step" integer NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "lineage_child_id_parent_id_step_pk" PRIMARY KEY("child_id","parent_id","step")
);
--> statement-breakpoint
CREATE TABLE "marks" (
	"id" text PRIMARY KEY NOT NULL,
	"context" jsonb NOT NULL,
	"context_key" text NOT NULL,
	"dataset_name" text NOT NULL,
	"model_family" text NOT NULL,
	"regulation" jsonb NOT NULL,
	"regulation_key" text NOT NULL,
	"fitness" double precision NOT NULL,
	"strength" double precision NOT NULL,
	"half_life_days" double precision NOT NULL,
	"source_experiment_id" text,
	"source_trial_id" text,
	"erased_at" bigint,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_rollups" (
	"series_id" integer NOT NULL,
	"block" integer NOT NULL,
	"n" integer NOT NULL,
	"min_value" double precision NOT NULL,
	"min_step" integer NOT NULL,
	"max_value" double precision NOT NULL,
	"max_step" integer NOT NULL,
	"first_step" integer NOT NULL,
	"last_step" integer NOT NULL,
	CONSTRAINT "metric_rollups_series_id_block_pk" PRIMARY KEY("series_id","block")
);
--> statement-breakpoint
CREATE TABLE "metric_series" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "metric_series_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"trial_id" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metrics" (
	"series_id" integer NOT NULL,
	"step" integer NOT NULL,
	"value" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regulation_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "regulation_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"experiment_id" text NOT NULL,
	"trial_id" text NOT NULL,
	"step" integer NOT NULL,
	"level" text NOT NULL,
	"regulator" text NOT NULL,
	"kind" text NOT NULL,
	"param" text NOT NULL,
	"from_value" jsonb,
	"to_value" jsonb,
	"reason" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trials" (
	"id" text PRIMARY KEY NOT NULL,
	"experiment_id" text NOT NULL,
	"status" text NOT NULL,
	"config" jsonb NOT NULL,
	"seed" bigint NOT NULL,
	"parent_id" text,
	"generation" integer DEFAULT 0 NOT NULL,
	"step" integer DEFAULT 0 NOT NULL,
	"fitness" double precision,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checkpoints" ADD CONSTRAINT "checkpoints_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineage" ADD CONSTRAINT "lineage_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineage" ADD CONSTRAINT "lineage_child_id_trials_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."trials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineage" ADD CONSTRAINT "lineage_parent_id_trials_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."trials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_series" ADD CONSTRAINT "metric_series_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regulation_events" ADD CONSTRAINT "regulation_events_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regulation_events" ADD CONSTRAINT "regulation_events_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trials" ADD CONSTRAINT "trials_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "experiments_created_at_idx" ON "experiments" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "lineage_experiment_idx" ON "lineage" USING btree ("experiment_id");--> statement-breakpoint
CREATE INDEX "lineage_parent_idx" ON "lineage" USING btree ("parent_id","step");--> statement-breakpoint
CREATE UNIQUE INDEX "marks_context_regulation_idx" ON "marks" USING btree ("context_key","regulation_key");--> statement-breakpoint
CREATE INDEX "marks_live_idx" ON "marks" USING btree ("dataset_name","model_family") WHERE "marks"."erased_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "metric_series_trial_name_idx" ON "metric_series" USING btree ("trial_id","name");--> statement-breakpoint
CREATE INDEX "metrics_series_step_idx" ON "metrics" USING btree ("series_id","step");--> statement-breakpoint
CREATE INDEX "regulation_events_level_step_idx" ON "regulation_events" USING btree ("experiment_id","level","step");--> statement-breakpoint
CREATE INDEX "regulation_events_trial_idx" ON "regulation_events" USING btree ("trial_id","step");--> statement-breakpoint
CREATE INDEX "trials_experiment_idx" ON "trials" USING btree ("experiment_id","fitness");