import { CreateProjects1763700000000 } from './1763700000000-create-projects';

/** Every migration, in order. Listed explicitly so the build needs no file globbing at run time. */
export const migrations = [CreateProjects1763700000000];
