import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Not, type Repository } from 'typeorm';
import { Project } from '../projects/project.entity';
import { MAX_PROMPT_PROJECTS, type ProjectFacts } from './system-prompt';

/**
 * The owner's published projects, newest first, read straight from the table. The projects module
 * is built separately; when it exposes a read service, this can delegate to it.
 */
@Injectable()
export class PublishedProjects {
  constructor(@InjectRepository(Project) private readonly projects: Repository<Project>) {}

  async forPrompt(): Promise<ProjectFacts[]> {
    return this.projects.find({
      select: { slug: true, title: true, summary: true },
      where: { publishedAt: Not(IsNull()) },
      order: { publishedAt: 'DESC', slug: 'ASC' },
      take: MAX_PROMPT_PROJECTS,
    });
  }
}
