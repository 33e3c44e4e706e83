import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts. E-mail addresses are stored lower-case (the check makes that a guarantee, not a
 * convention), so the plain unique constraint is a case-insensitive one.
 */
export class CreateUsers1763800000001 implements MigrationInterface {
  name = 'CreateUsers1763800000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "users" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "email" varchar(254) NOT NULL,
        "password_hash" text NOT NULL,
        "role" varchar(16) NOT NULL DEFAULT 'member',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_users" PRIMARY KEY ("id"),
        CONSTRAINT "uq_users_email" UNIQUE ("email"),
        CONSTRAINT "ck_users_email_lower_case" CHECK ("email" = lower("email")),
        CONSTRAINT "ck_users_role" CHECK ("role" IN ('owner', 'member'))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
