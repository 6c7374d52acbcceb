import { defineFeature } from '../../common/feature';
import { BoardReportResolver } from './report.resolver';

/** Board reports (PDF and CSV): download links here; the files themselves at src/web/reports.ts. */
export const reportsFeature = defineFeature({
  name: 'reports',
  resolvers: [BoardReportResolver],
});
