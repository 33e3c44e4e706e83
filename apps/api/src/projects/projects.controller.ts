import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, OptionalOwnerToken, OwnerOnly } from '../auth/auth.guard';
import { Authenticator, type AuthenticatedUser } from '../auth/authenticator';
import type { CachedJson } from './projects-cache';
import {
  CreateProjectDto,
  ListProjectsQuery,
  ProjectDto,
  ProjectLookupQuery,
  ProjectPageDto,
  ProjectSlugParams,
  UpdateProjectDto,
} from './projects.dto';
import { ProjectsService } from './projects.service';

const X_CACHE = {
  'x-cache': {
    description: '`hit` when served from Redis, `miss` when read from PostgreSQL.',
    schema: { type: 'string', enum: ['hit', 'miss'] },
  },
};
const DRAFTS_NEED_OWNER = 'includeDrafts=true without an owner access token.';

@ApiTags('projects')
@ApiBadRequestResponse({ description: 'A parameter or the body is invalid; the message names it.' })
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly authenticator: Authenticator,
  ) {}

  /** Published projects, newest first. The owner adds `includeDrafts=true` to see drafts. */
  @Get()
  @OptionalOwnerToken()
  @ApiOkResponse({ type: ProjectPageDto, headers: X_CACHE })
  @ApiUnauthorizedResponse({ description: DRAFTS_NEED_OWNER })
  @ApiForbiddenResponse({ description: DRAFTS_NEED_OWNER })
  async list(
    @Query() query: ListProjectsQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProjectPageDto | string> {
    if (query.includeDrafts) {
      await this.authenticator.authenticateOwner(request);
      void reply.header('cache-control', 'no-store');
      return this.projects.listAll(query.page, query.pageSize);
    }
    return sendCached(reply, await this.projects.listPublished(query.page, query.pageSize));
  }

  @Get(':slug')
  @OptionalOwnerToken()
  @ApiOkResponse({ type: ProjectDto, headers: X_CACHE })
  @ApiNotFoundResponse({ description: 'No published project has this slug.' })
  @ApiUnauthorizedResponse({ description: DRAFTS_NEED_OWNER })
  @ApiForbiddenResponse({ description: DRAFTS_NEED_OWNER })
  async find(
    @Param() params: ProjectSlugParams,
    @Query() query: ProjectLookupQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProjectDto | string> {
    if (query.includeDrafts) {
      await this.authenticator.authenticateOwner(request);
      void reply.header('cache-control', 'no-store');
      return this.projects.findAny(params.slug);
    }
    return sendCached(reply, await this.projects.findPublished(params.slug));
  }

  @Post()
  @OwnerOnly()
  @ApiCreatedResponse({ type: ProjectDto })
  @ApiConflictResponse({ description: 'A project with this slug already exists.' })
  create(
    @Body() body: CreateProjectDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<ProjectDto> {
    return this.projects.create(body, caller.userId);
  }

  /** Changes only the fields given; a new slug must be free. */
  @Patch(':slug')
  @OwnerOnly()
  // No body (or {}) changes nothing and answers the project as it is.
  @ApiBody({ type: UpdateProjectDto, required: false })
  @ApiOkResponse({ type: ProjectDto })
  @ApiNotFoundResponse({ description: 'No project has this slug.' })
  @ApiConflictResponse({ description: 'The new slug belongs to another project.' })
  update(@Param() params: ProjectSlugParams, @Body() body: UpdateProjectDto): Promise<ProjectDto> {
    return this.projects.update(params.slug, body);
  }

  @Delete(':slug')
  @HttpCode(204)
  @OwnerOnly()
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ description: 'No project has this slug.' })
  async remove(@Param() params: ProjectSlugParams): Promise<void> {
    await this.projects.remove(params.slug);
  }
}

/** The stored JSON goes out as it is: no parse and re-serialize on a cache hit. */
function sendCached(reply: FastifyReply, cached: CachedJson): string {
  void reply
    .header('x-cache', cached.cache)
    .header('content-type', 'application/json; charset=utf-8');
  return cached.json;
}
