import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What a project page shows beyond its summary, and who created it. */
export class ExtendProjects1763800000002 implements MigrationInterface {
  name = 'ExtendProjects1763800000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "projects"
        ADD COLUMN "body" text NOT NULL DEFAULT '',
        ADD COLUMN "tags" text[] NOT NULL DEFAULT '{}',
        ADD COLUMN "url" varchar(2048),
        ADD COLUMN "owner_id" uuid,
        ADD CONSTRAINT "ck_projects_tags" CHECK (cardinality("tags") <= 20),
        ADD CONSTRAINT "ck_projects_url" CHECK ("url" ~ '^https?://'),
        ADD CONSTRAINT "fk_projects_owner_id_users" FOREIGN KEY ("owner_id")
          REFERENCES "users" ("id") ON DELETE SET NULL`);
    // The public list's order; the partial index from the first migration covers only the first key.
    await queryRunner.query(`DROP INDEX "ix_projects_published_at"`);
    await queryRunner.query(
      `CREATE INDEX "ix_projects_published_at_slug" ON "projects" ("published_at" DESC, "slug") WHERE "published_at" IS NOT NULL`,
    );
    // ON DELETE SET NULL scans projects by owner when a user is deleted.
    await queryRunner.query(`CREATE INDEX "ix_projects_owner_id" ON "projects" ("owner_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_projects_owner_id"`);
    await queryRunner.query(`DROP INDEX "ix_projects_published_at_slug"`);
    await queryRunner.query(
      `CREATE INDEX "ix_projects_published_at" ON "projects" ("published_at" DESC) WHERE "published_at" IS NOT NULL`,
    );
    await queryRunner.query(`
      ALTER TABLE "projects"
        DROP CONSTRAINT "fk_projects_owner_id_users",
        DROP CONSTRAINT "ck_projects_url",
        DROP CONSTRAINT "ck_projects_tags",
        DROP COLUMN "owner_id",
        DROP COLUMN "url",
        DROP COLUMN "tags",
        DROP COLUMN "body"`);
  }
}
