import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProcessedMessages1763900000001 implements MigrationInterface {
  name = 'CreateProcessedMessages1763900000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "processed_messages" (
        "consumer" varchar(100) NOT NULL,
        "message_id" uuid NOT NULL,
        "processed_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_processed_messages" PRIMARY KEY ("consumer", "message_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "processed_messages"`);
  }
}
