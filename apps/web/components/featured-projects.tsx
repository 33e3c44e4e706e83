'use client';

import { useApi } from '../lib/use-api';
import type { ProjectPage } from '../lib/projects';
import { ProjectCard } from './project-card';
import { NotReady } from './status';

/** The newest published projects, read from the API when the page opens. */
export function FeaturedProjects() {
  const { result, retry } = useApi<ProjectPage>('/projects?pageSize=3');
  if (result.state !== 'ready') return <NotReady result={result} retry={retry} what="projects" />;
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
