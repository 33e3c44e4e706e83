'use client';

import { useEffect, useState } from 'react';
import { Markdown } from '../lib/markdown';
import { formatDate, slugFromPath, type Project } from '../lib/projects';
import { useApi } from '../lib/use-api';
import { ErrorNotice, Loading } from './status';

/**
 * One project, by the slug in the address. The export has one page for every /projects/<slug>
 * (CloudFront rewrites them all to it), so the slug is read in the browser.
 */
export function ProjectDetail() {
  const [slug, setSlug] = useState<string | null | undefined>(undefined);
  useEffect(() => setSlug(slugFromPath(window.location.pathname) ?? null), []);
  const { result, retry } = useApi<Project>(slug ? `/projects/${slug}` : null);
  useEffect(() => {
    if (result.state === 'ready') document.title = `${result.data.title} · Skyport`;
  }, [result]);

  if (slug === null) return <NotFound />;
  if (slug === undefined || result.state === 'loading')
    return <Loading label="Loading the project…" />;
  if (result.state === 'error') {
    if (result.error.status === 404) return <NotFound />;
    return (
      <ErrorNotice onRetry={retry}>
        The project could not be loaded: {result.error.message}
      </ErrorNotice>
    );
  }
  const project = result.data;
  return (
    <article>
      <h1>{project.title}</h1>
      <p className="lead">{project.summary}</p>
      <p className="meta">
        <time dateTime={project.publishedAt ?? undefined}>{formatDate(project.publishedAt)}</time>
        {project.tags.length > 0 ? <span> · {project.tags.join(', ')}</span> : null}
        {project.url ? (
          <span>
            {' '}
            · <a href={project.url}>Visit the project</a>
          </span>
        ) : null}
      </p>
      <Markdown source={project.body} />
      <p>
        <a href="/projects">All projects</a>
      </p>
    </article>
  );
}

function NotFound() {
  return (
    <>
      <h1>Project not found</h1>
      <p>
        No published project lives at this address. <a href="/projects">See every project</a>.
      </p>
    </>
  );
}
