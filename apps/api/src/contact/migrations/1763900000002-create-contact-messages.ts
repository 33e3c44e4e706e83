import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateContactMessages1763900000002 implements MigrationInterface {
  name = 'CreateContactMessages1763900000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "contact_messages" (
        "id" uuid NOT NULL,
        "name" varchar(100) NOT NULL,
        "email" varchar(254) NOT NULL,
        "message" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "notified_at" timestamptz,
        CONSTRAINT "pk_contact_messages" PRIMARY KEY ("id"),
        CONSTRAINT "ck_contact_messages_name" CHECK (char_length("name") BETWEEN 1 AND 100),
        CONSTRAINT "ck_contact_messages_message" CHECK (char_length("message") BETWEEN 1 AND 5000)
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_contact_messages_created_at" ON "contact_messages" ("created_at" DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "contact_messages"`);
  }
}
