import { formatDate, type ProjectSummary } from '../lib/projects';

/**
 * One project in a list. A plain link: every /projects/<slug> is the same exported page. The
 * heading sits one level below the list's own (h2 under the page's h1, h3 under a section's h2).
 */
export function ProjectCard({
  project,
  headingLevel = 3,
}: {
  readonly project: ProjectSummary;
  readonly headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="card">
      <Heading>
        <a href={`/projects/${project.slug}`}>{project.title}</a>
      </Heading>
      <p>{project.summary}</p>
      <p className="meta">
        <time dateTime={project.publishedAt ?? undefined}>{formatDate(project.publishedAt)}</time>
        {project.tags.length > 0 ? <span> · {project.tags.join(', ')}</span> : null}
      </p>
    </article>
  );
}
