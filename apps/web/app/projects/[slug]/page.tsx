import type { Metadata } from 'next';
import { ProjectDetail } from '../../../components/project-detail';
import { PROJECT_SHELL_SLUG } from '../../../lib/projects';

/**
 * One exported page, `projects/_.html`, serves every project: the edge's viewer-request function
 * (and `next dev`'s rewrite) sends each /projects/<slug> to it, and the page reads the slug in the
 * browser, so a project published after the build has its page at once.
 */
export function generateStaticParams() {
  return [{ slug: PROJECT_SHELL_SLUG }];
}

export const metadata: Metadata = { title: 'Project' };

export default function ProjectPage() {
  return <ProjectDetail />;
}
