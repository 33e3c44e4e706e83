/** The API's project shapes (apps/api/openapi.json: ProjectSummaryDto, ProjectDto, ProjectPageDto). */
export interface ProjectSummary {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly url: string | null;
  /** null: a draft; in the future: scheduled. */
  readonly publishedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Project extends ProjectSummary {
  /** Markdown. */
  readonly body: string;
}

export interface ProjectPage {
  readonly items: readonly ProjectSummary[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

export const PROJECTS_PAGE_SIZE = 10;

/** The one exported project page (`projects/view.html`) that every /projects/<slug> is served from. */
export const PROJECT_PAGE = '/projects/view';

/** Pages in a listing of `total` items, at least one. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The `page` query parameter as a page number, 1 when absent or not a positive whole number. */
export function pageFromQuery(search: string): number {
  const value = new URLSearchParams(search).get('page');
  const page = value !== null && /^\d+$/.test(value) ? Number(value) : 1;
  return page >= 1 ? page : 1;
}

/** The slug of `/projects/<slug>` (CloudFront serves every such path from one exported page). */
export function slugFromPath(pathname: string): string | undefined {
  const match = /^\/projects\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/.exec(pathname);
  return match?.[1];
}

export function formatDate(iso: string | null): string {
  if (iso === null) return 'draft';
  return new Date(iso).toLocaleDateString('en-GB', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
}
