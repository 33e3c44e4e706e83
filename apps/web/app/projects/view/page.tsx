import type { Metadata } from 'next';
import { ProjectDetail } from '../../../components/project-detail';

/**
 * One exported page, `projects/view.html`, serves every project: the edge's viewer-request function
 * (and `next dev`'s rewrite) sends each /projects/<slug> to it, and the page reads the slug from
 * the address in the browser, so a project published after the build has its page at once. (A
 * static page, not a `[slug]` route: an export must list every slug of a dynamic route at build.)
 */
export const metadata: Metadata = { title: 'Project' };

export default function ProjectPage() {
  return <ProjectDetail />;
}
