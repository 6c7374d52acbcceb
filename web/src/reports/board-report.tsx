import { useClient } from '@urql/preact';
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { BoardReportFormat } from '../gql/graphql';
import { errorMessage } from '../api';
import { Input } from '../forms/controls';

const DOWNLOAD = graphql(`
  query BoardReportDownload($projectId: ID, $from: Date, $to: Date, $format: BoardReportFormat!) {
    boardReportDownload(projectId: $projectId, from: $from, to: $to, format: $format)
  }
`);

const DAY_MS = 86_400_000;
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * "Board report": a period (the last 90 days unless changed) and a PDF or CSV of it, for one
 * project or (without `projectId`) the organisation. The page's credentials travel in a header,
 * which a plain link cannot send: the server hands out a link valid for a few minutes instead,
 * and the browser follows it (the file arrives as a download; the page stays).
 */
export function BoardReport({ projectId }: { projectId?: string }) {
  const client = useClient();
  const [from, setFrom] = useState(() => dayOf(Date.now() - 89 * DAY_MS));
  const [to, setTo] = useState(() => dayOf(Date.now()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const prefix = projectId ? 'project-report' : 'organisation-report';

  async function download(format: BoardReportFormat) {
    setBusy(true);
    setError('');
    const result = await client.query(DOWNLOAD, { projectId: projectId ?? null, from: from || null, to: to || null, format }, { requestPolicy: 'network-only' }).toPromise();
    setBusy(false);
    if (result.error || !result.data) return setError(result.error ? errorMessage(result.error) : 'No link came back. Try again.');
    // A path relative to the page, which the server serves beside /graphql.
    window.location.assign(result.data.boardReportDownload);
  }

  return (
    <section class="panel board-report" aria-labelledby={`${prefix}-heading`}>
      <h2 id={`${prefix}-heading`}>Board report</h2>
      <p class="muted small">
        {projectId ? 'This project' : 'Every project'}: progress, status history, celebrations, challenges, decisions and measures over a period, for a board paper (PDF) or a
        spreadsheet (CSV).
      </p>
      <div class="history-filters">
        <Input prefix={prefix} name="from" type="date" label="From" value={from} onInput={setFrom} max={to} />
        <Input prefix={prefix} name="to" type="date" label="To" value={to} onInput={setTo} />
      </div>
      <p>
        <button type="button" class="button" disabled={busy} onClick={() => void download('PDF')}>
          Download PDF
        </button>{' '}
        <button type="button" class="button subtle" disabled={busy} onClick={() => void download('CSV')}>
          Download CSV
        </button>
      </p>
      <p class="error" role="alert">
        {error}
      </p>
    </section>
  );
}
