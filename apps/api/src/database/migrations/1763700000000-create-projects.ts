import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProjects1763700000000 implements MigrationInterface {
  name = 'CreateProjects1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "projects" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "slug" varchar(100) NOT NULL,
        "title" varchar(200) NOT NULL,
        "summary" text NOT NULL DEFAULT '',
        "published_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_projects" PRIMARY KEY ("id"),
        CONSTRAINT "uq_projects_slug" UNIQUE ("slug"),
        CONSTRAINT "ck_projects_slug" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_projects_published_at" ON "projects" ("published_at" DESC) WHERE "published_at" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "projects"`);
  }
}
