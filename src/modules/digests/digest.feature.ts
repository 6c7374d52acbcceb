import { defineFeature } from '../../common/feature';
import { DigestResolver, MembershipDigestResolver } from './digest.resolver';
// Registers the `digests.send` job handler: every server process works its queue.
import './digest.jobs';

export const digestsFeature = defineFeature({
  name: 'digests',
  resolvers: [DigestResolver, MembershipDigestResolver],
});
