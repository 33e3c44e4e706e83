import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository, SelectQueryBuilder } from 'typeorm';
import { isUniqueViolation } from '../auth/unique-violation';
import { Project } from './project.entity';
import { ProjectsCache, type CachedJson } from './projects-cache';
import type {
  AssistantProject,
  CreateProjectDto,
  ProjectDto,
  ProjectPageDto,
  ProjectSummaryDto,
  UpdateProjectDto,
} from './projects.dto';

/** How many projects the assistant's prompt may name. */
export const ASSISTANT_PROJECT_LIMIT = 50;

/**
 * Listing pages 1 to this are cached (per page size, up to 100): at most 1,000 list entries per
 * cache version, each no larger than the projects that exist.
 */
export const CACHED_PAGES = 10;

const SLUG_TAKEN = 'a project with this slug already exists';

@Injectable()
export class ProjectsService {
  constructor(
    @InjectRepository(Project) private readonly projects: Repository<Project>,
    private readonly cache: ProjectsCache,
  ) {}

  /**
   * Published projects (publishedAt reached), newest first; from the cache when it has them.
   * Anyone can ask for any page, so only pages a visitor plausibly reads are cached: the first
   * CACHED_PAGES, and of those only pages that exist (the first, or one holding projects). Other
   * pages are read from PostgreSQL and leave nothing in Redis.
   */
  async listPublished(page: number, pageSize: number): Promise<CachedJson> {
    const load = () => this.page(page, pageSize, true);
    if (page > CACHED_PAGES) return { json: JSON.stringify(await load()), cache: 'miss' };
    return this.cache.read(
      `list:${page}:${pageSize}`,
      load,
      (result) => page === 1 || result.items.length > 0,
    );
  }

  /** A published project; 404 for drafts, scheduled and unknown slugs alike. */
  findPublished(slug: string): Promise<CachedJson> {
    return this.cache.read(`slug:${slug}`, async () => detail(await this.find(slug, true)));
  }

  /** The owner's view: drafts and scheduled projects too. Never cached. */
  listAll(page: number, pageSize: number): Promise<ProjectPageDto> {
    return this.page(page, pageSize, false);
  }

  async findAny(slug: string): Promise<ProjectDto> {
    return detail(await this.find(slug, false));
  }

  /**
   * The published projects the assistant may talk about, newest first. Served through the same
   * cache, so a chat request costs no query while nothing changed.
   */
  async publishedForAssistant(): Promise<AssistantProject[]> {
    const { json } = await this.cache.read('assistant', () =>
      this.published(this.projects.createQueryBuilder('project'))
        .select(['project.slug', 'project.title', 'project.summary'])
        .limit(ASSISTANT_PROJECT_LIMIT)
        .getMany()
        .then((rows) => rows.map(({ slug, title, summary }) => ({ slug, title, summary }))),
    );
    return JSON.parse(json) as AssistantProject[];
  }

  async create(input: CreateProjectDto, ownerId: string): Promise<ProjectDto> {
    const project = this.projects.create({
      slug: input.slug,
      title: input.title.trim(),
      summary: input.summary ?? '',
      body: input.body ?? '',
      tags: input.tags ?? [],
      url: input.url ?? null,
      publishedAt: toDate(input.publishedAt) ?? null,
      ownerId,
    });
    const saved = await this.write(() => this.projects.save(project));
    return detail(saved);
  }

  async update(slug: string, input: UpdateProjectDto): Promise<ProjectDto> {
    const changes: Partial<Project> = {};
    if (input.slug !== undefined) changes.slug = input.slug;
    if (input.title !== undefined) changes.title = input.title.trim();
    if (input.summary !== undefined) changes.summary = input.summary;
    if (input.body !== undefined) changes.body = input.body;
    if (input.tags !== undefined) changes.tags = input.tags;
    if (input.url !== undefined) changes.url = input.url;
    if (input.publishedAt !== undefined) changes.publishedAt = toDate(input.publishedAt);
    if (Object.keys(changes).length === 0) return this.findAny(slug);
    const result = await this.write(() => this.projects.update({ slug }, changes));
    if (result.affected === 0) throw notFound();
    return this.findAny(changes.slug ?? slug);
  }

  async remove(slug: string): Promise<void> {
    const result = await this.write(() => this.projects.delete({ slug }));
    if (result.affected === 0) throw notFound();
  }

  /** Runs a write, maps a taken slug to 409, and invalidates the public cache afterwards. */
  private async write<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(SLUG_TAKEN);
      throw error;
    } finally {
      // Also after a failed write: harmless, and covers an error after the row changed.
      await this.cache.invalidate();
    }
  }

  private async page(
    page: number,
    pageSize: number,
    publishedOnly: boolean,
  ): Promise<ProjectPageDto> {
    const query = this.projects.createQueryBuilder('project');
    if (publishedOnly) this.published(query);
    else
      query.orderBy('project.publishedAt', 'DESC', 'NULLS FIRST').addOrderBy('project.slug', 'ASC');
    const [rows, total] = await query
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getManyAndCount();
    return { items: rows.map(summary), page, pageSize, total };
  }

  /** Published means publishedAt has been reached, by the database's clock. */
  private published(query: SelectQueryBuilder<Project>): SelectQueryBuilder<Project> {
    return query
      .where('project.publishedAt <= now()')
      .orderBy('project.publishedAt', 'DESC')
      .addOrderBy('project.slug', 'ASC');
  }

  private async find(slug: string, publishedOnly: boolean): Promise<Project> {
    const query = this.projects
      .createQueryBuilder('project')
      .where('project.slug = :slug', { slug });
    if (publishedOnly) query.andWhere('project.publishedAt <= now()');
    const project = await query.getOne();
    if (!project) throw notFound();
    return project;
  }
}

function notFound(): NotFoundException {
  return new NotFoundException('no project has this slug');
}

function toDate(value: string | null | undefined): Date | null | undefined {
  return typeof value === 'string' ? new Date(value) : value;
}

function summary(project: Project): ProjectSummaryDto {
  return {
    id: project.id,
    slug: project.slug,
    title: project.title,
    summary: project.summary,
    tags: project.tags,
    url: project.url,
    publishedAt: project.publishedAt,
    createdAt: project.createdAt,
    updatedAt: project.updatedAt,
  };
}

function detail(project: Project): ProjectDto {
  return { ...summary(project), body: project.body };
}
