import type { Metadata } from 'next';
import { ProjectList } from '../../components/project-list';

export const metadata: Metadata = {
  title: 'Projects',
  description: 'Every published project, newest first.',
};

export default function ProjectsPage() {
  return (
    <>
      <h1>Projects</h1>
      <ProjectList />
    </>
  );
}
