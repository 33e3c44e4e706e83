import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOutboxMessages1763900000000 implements MigrationInterface {
  name = 'CreateOutboxMessages1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "outbox_messages" (
        "id" uuid NOT NULL,
        "topic" varchar(100) NOT NULL,
        "payload" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "published_at" timestamptz,
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        CONSTRAINT "pk_outbox_messages" PRIMARY KEY ("id"),
        CONSTRAINT "ck_outbox_messages_attempts" CHECK ("attempts" >= 0)
      )`);
    // The relay's claim query and the pending gauge read only unpublished rows.
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_messages_pending" ON "outbox_messages" ("created_at") WHERE "published_at" IS NULL`,
    );
    // Retention: published rows are deleted after a week.
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_messages_published_at" ON "outbox_messages" ("published_at") WHERE "published_at" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "outbox_messages"`);
  }
}
