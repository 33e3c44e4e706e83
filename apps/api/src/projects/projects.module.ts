import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { Project } from './project.entity';
import { ProjectsCache } from './projects-cache';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';

/**
 * The portfolio: public reads cached in Redis, owner-only writes. Exports ProjectsService for the
 * assistant (`publishedForAssistant()`).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Project]), AuthModule],
  controllers: [ProjectsController],
  providers: [ProjectsCache, ProjectsService],
  exports: [ProjectsService],
})
export class ProjectsModule {}
