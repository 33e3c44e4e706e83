import { formatDate, type ProjectSummary } from '../lib/projects';

/** One project in a list. A plain link: every /projects/<slug> is the same exported page. */
export function ProjectCard({ project }: { readonly project: ProjectSummary }) {
  return (
    <article className="card">
      <h3>
        <a href={`/projects/${project.slug}`}>{project.title}</a>
      </h3>
      <p>{project.summary}</p>
      <p className="meta">
        <time dateTime={project.publishedAt ?? undefined}>{formatDate(project.publishedAt)}</time>
        {project.tags.length > 0 ? <span> · {project.tags.join(', ')}</span> : null}
      </p>
    </article>
  );
}
