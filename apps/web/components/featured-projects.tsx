'use client';

import { useApi } from '../lib/use-api';
import type { ProjectPage } from '../lib/projects';
import { ProjectCard } from './project-card';
import { ErrorNotice, Loading } from './status';

/** The newest published projects, read from the API when the page opens. */
export function FeaturedProjects() {
  const { result, retry } = useApi<ProjectPage>('/projects?pageSize=3');
  if (result.state === 'loading') return <Loading label="Loading projects…" />;
  if (result.state === 'error') {
    return (
      <ErrorNotice onRetry={retry}>
        Projects could not be loaded: {result.error.message}
      </ErrorNotice>
    );
  }
  if (result.data.items.length === 0)
    return <p className="status">No projects are published yet.</p>;
  return (
    <div className="cards">
      {result.data.items.map((project) => (
        <ProjectCard key={project.id} project={project} />
      ))}
    </div>
  );
}
