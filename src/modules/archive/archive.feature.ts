import { defineFeature } from '../../common/feature';
import { ArchiveResolver } from './archive.resolver';

/** Archiving and restoring records of the other features (see archivable.ts for which). */
export const archiveFeature = defineFeature({ name: 'archive', resolvers: [ArchiveResolver] });
