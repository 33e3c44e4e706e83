import { CreateProjects1763700000000 } from './1763700000000-create-projects';
import { CreateUsers1763800000001 } from '../../auth/migrations/1763800000001-create-users';
import { ExtendProjects1763800000002 } from '../../projects/migrations/1763800000002-extend-projects';
import { CreateOutboxMessages1763900000000 } from '../../messaging/migrations/1763900000000-create-outbox-messages';
import { CreateProcessedMessages1763900000001 } from '../../messaging/migrations/1763900000001-create-processed-messages';
import { CreateContactMessages1763900000002 } from '../../contact/migrations/1763900000002-create-contact-messages';

/** Every migration, in order. Listed explicitly so the build needs no file globbing at run time. */
export const migrations = [
  CreateProjects1763700000000,
  CreateUsers1763800000001,
  ExtendProjects1763800000002,
  CreateOutboxMessages1763900000000,
  CreateProcessedMessages1763900000001,
  CreateContactMessages1763900000002,
];
