import { useClient } from '@urql/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { graphql } from '../gql';
import { errorMessage } from '../api';
import { Input } from '../forms/controls';

const LINKS = graphql(`
  query BoardReportLinks($projectId: ID, $from: Date, $to: Date) {
    pdf: boardReportDownload(projectId: $projectId, from: $from, to: $to, format: PDF)
    csv: boardReportDownload(projectId: $projectId, from: $from, to: $to, format: CSV)
  }
`);

const DAY_MS = 86_400_000;
/** Links live 5 minutes on the server: one older than this is fetched afresh when followed. */
const FRESH_MS = 4 * 60_000;
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

interface Links {
  pdf: string;
  csv: string;
  at: number;
}

/**
 * "Board report": a period (the last 90 days unless changed) and links to a PDF or CSV of it, for
 * one project or (without `projectId`) the organisation; observers too (a report changes nothing).
 * The page's credentials travel in a header, which a link cannot send: the server hands out links
 * valid for a few minutes instead (fetched again when the period changes, and when followed after
 * the page sat open). The file arrives as a download; the page stays.
 */
export function BoardReport({ projectId }: { projectId?: string }) {
  const client = useClient();
  const [from, setFrom] = useState(() => dayOf(Date.now() - 89 * DAY_MS));
  const [to, setTo] = useState(() => dayOf(Date.now()));
  const [links, setLinks] = useState<Links | null>(null);
  const [error, setError] = useState('');
  const asked = useRef(0);
  const prefix = projectId ? 'project-report' : 'organisation-report';

  async function fetchLinks(): Promise<Links | null> {
    const ask = ++asked.current;
    const result = await client.query(LINKS, { projectId: projectId ?? null, from: from || null, to: to || null }, { requestPolicy: 'network-only' }).toPromise();
    // A later period was asked for meanwhile: its answer decides.
    if (ask !== asked.current) return null;
    const fresh = result.data && !result.error ? { pdf: result.data.pdf, csv: result.data.csv, at: Date.now() } : null;
    setLinks(fresh);
    setError(result.error ? errorMessage(result.error) : '');
    return fresh;
  }

  useEffect(() => {
    void fetchLinks();
  }, [projectId, from, to]);

  const follow = (format: 'pdf' | 'csv') => (event: MouseEvent) => {
    if (links && Date.now() - links.at < FRESH_MS) return;
    event.preventDefault();
    void fetchLinks().then((fresh) => fresh && window.location.assign(fresh[format]));
  };

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
      {links ? (
        <p>
          <a class="button" href={links.pdf} onClick={follow('pdf')}>
            Download PDF
          </a>{' '}
          <a class="button subtle" href={links.csv} onClick={follow('csv')}>
            Download CSV
          </a>
        </p>
      ) : null}
      <p class="error" role="alert">
        {error}
      </p>
    </section>
  );
}
