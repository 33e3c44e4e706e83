'use client';

import { useEffect, useState } from 'react';
import { useApi } from '../lib/use-api';
import { pageCount, pageFromQuery, PROJECTS_PAGE_SIZE, type ProjectPage } from '../lib/projects';
import { ProjectCard } from './project-card';
import { NotReady } from './status';

/** Every published project, newest first, a page at a time (`?page=N`). */
export function ProjectList() {
  const [page, setPage] = useState<number | null>(null);
  useEffect(() => setPage(pageFromQuery(window.location.search)), []);
  const { result, retry } = useApi<ProjectPage>(
    page === null ? null : `/projects?page=${page}&pageSize=${PROJECTS_PAGE_SIZE}`,
  );
  if (result.state !== 'ready') return <NotReady result={result} retry={retry} what="projects" />;
  const { items, total, pageSize } = result.data;
  const pages = pageCount(total, pageSize);
  const current = page ?? 1;
  if (items.length === 0) {
    return (
      <p className="status">
        {total === 0 ? 'No projects are published yet.' : `There is no page ${current}.`}{' '}
        {total > 0 ? <a href="/projects">Back to the first page</a> : null}
      </p>
    );
  }
  return (
    <>
      <div className="cards">
        {items.map((project) => (
          <ProjectCard key={project.id} project={project} headingLevel={2} />
        ))}
      </div>
      {pages > 1 ? (
        <nav aria-label="Pages" className="pagination">
          {current > 1 ? <a href={`/projects?page=${current - 1}`}>Newer</a> : <span />}
          <span>
            Page {current} of {pages}
          </span>
          {current < pages ? <a href={`/projects?page=${current + 1}`}>Older</a> : <span />}
        </nav>
      ) : null}
    </>
  );
}
