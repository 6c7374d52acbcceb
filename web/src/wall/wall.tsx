import { useEffect, useRef } from 'preact/hooks';
import { formatInstant, plural } from '../format';
import { graphql } from '../gql';
import type { ConnectionState } from '../live';
import type { Celebration } from '../dashboard/celebrations';
import { ConnectionIndicator } from '../dashboard/connection-indicator';
import { useDashboard, useLiveQuery, usePageShown, type Change } from '../dashboard/context';
import { ViewError } from '../dashboard/not-found';
import { ProgressFacts } from '../dashboard/overview';
import { ProgressBar } from '../dashboard/progress-bar';
import { rotateSeconds, useRotation } from './rotation';
import { Attention, WallPlan, type WallProject } from './wall-plan';

const WALL = graphql(`
  query Wall {
    projects(first: 20, status: ACTIVE) {
      nodes {
        id name summary
        progress { total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }
        challenges { id status }
        stages { id title status isLate dueDate blockedReason owner { id name } }
      }
      totalCount
    }
  }
`);

const LATEST_CELEBRATIONS = graphql(`
  query WallCelebrations {
    celebrations(first: 4) {
      nodes { id message createdAt stage { id title project { id name } } }
    }
  }
`);

/** A connection still being made this long after the wall opened counts as lost: the picture is no longer known to be current. */
const CONNECTING_GRACE_MS = 15_000;
/**
 * Everything is reloaded this often even without a change: late stages and "days since" move with
 * the calendar, not with events, and a wall stays up for days.
 */
const FULL_RELOAD_MS = 15 * 60_000;

const followsProjects = (change: Change) => change.kind === 'stage' || change.entityType === 'Project' || change.entityType === 'Challenge';
const followsCelebrations = (change: Change) => change.kind === 'stage' || change.entityType === 'Celebration';

/** The latest celebrations of the organisation, a lasting record beside the banner. */
function LatestCelebrations() {
  const { data } = useLiveQuery(LATEST_CELEBRATIONS, {}, followsCelebrations);
  const nodes = data?.celebrations.nodes ?? [];
  return (
    <section class="wall-panel wall-latest" aria-labelledby="wall-latest-heading">
      <h2 id="wall-latest-heading">Latest celebrations</h2>
      {nodes.length ? (
        <ul class="wall-list">
          {nodes.map((c) => (
            <li key={c.id} class="wall-latest-item" data-stage-id={c.stage.id}>
              <span class="wall-item-title">
                <span aria-hidden="true">★ </span>
                {c.stage.title}
              </span>
              {c.message ? <span class="wall-item-message">{c.message}</span> : null}
              <span class="wall-item-meta">{`${c.stage.project.name} · ${formatInstant(c.createdAt)}`}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="wall-item-meta">No stage completed yet.</p>
      )}
    </section>
  );
}

function Project({ project }: { project: WallProject }) {
  const percent = Math.round(project.progress.percentComplete);
  return (
    <article class="wall-project" data-project-id={project.id} aria-labelledby="wall-project-name">
      <h1 id="wall-project-name" tabIndex={-1}>
        {project.name}
      </h1>
      {project.summary ? <p class="wall-summary">{project.summary}</p> : null}
      <div class="progress-row">
        <ProgressBar percent={percent} label={`${project.name}: ${percent}% complete`} />
        <span class="percent">{`${percent}%`}</span>
      </div>
      <ProgressFacts progress={project.progress} openChallenges={project.challenges.filter((c) => c.status === 'OPEN').length} />
      <WallPlan project={project} />
    </article>
  );
}

/** The newest completion, large, for as long as useCelebrations keeps it; announced by screen readers. */
function Banner({ shown }: { shown: Celebration[] }) {
  const newest = shown[0];
  return (
    <section class="wall-banner-region" aria-live="polite" aria-label="New celebration">
      {newest ? (
        <div class="wall-banner celebration" key={newest.key} data-stage-id={newest.event.stage.id}>
          <span class="celebration-icon" aria-hidden="true">
            ★
          </span>
          <div>
            <p class="celebration-title">
              Stage complete: <strong class="celebration-stage">{newest.event.stage.title}</strong>
            </p>
            <p class="celebration-meta">{[newest.event.stage.owner?.name, newest.event.project.name].filter(Boolean).join(' · ')}</p>
            {newest.event.celebration?.message ? <p class="celebration-message">{newest.event.celebration.message}</p> : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}

/**
 * The wall screen of a kiosk link: one active project at a time, full screen and without
 * scrolling, moving on every `?rotate=` seconds; the latest celebrations; and, whenever the live
 * connection is not up, the picture dimmed under a notice of when it was last known current.
 * The live connection itself is the dashboard's (dashboard.tsx), shared, not copied.
 */
export function Wall({ connection, celebrations }: { connection: ConnectionState; celebrations: Celebration[] }) {
  const { organisationName, refresher } = useDashboard();
  const { data, error, retry } = useLiveQuery(WALL, {}, followsProjects);
  const projects = data?.projects.nodes ?? [];
  const rotation = useRotation(projects.length, rotateSeconds(location.search));
  const openedAt = useRef(Date.now());
  // When the picture was last known to be current: the moment the connection went, and while it
  // has never come up, the moment the wall opened.
  const lostAt = useRef<number | null>(null);
  if (connection === 'live') lostAt.current = null;
  else if (connection !== 'connecting' && lostAt.current === null) lostAt.current = Date.now();
  const stale = connection === 'offline' || connection === 'stopped' || (connection === 'connecting' && rotation.now - openedAt.current > CONNECTING_GRACE_MS);
  usePageShown('Wall');

  useEffect(() => {
    document.documentElement.classList.add('wall-mode');
    const timer = setInterval(() => refresher.refreshAll(true), FULL_RELOAD_MS);
    return () => {
      clearInterval(timer);
      document.documentElement.classList.remove('wall-mode');
    };
  }, []);

  const project = projects[rotation.index];
  const lastUpdated = formatInstant(new Date(lostAt.current ?? openedAt.current).toISOString());
  return (
    <div class={`wall${stale ? ' wall-stale' : ''}`}>
      <header class="wall-bar">
        <span class="wall-org">{organisationName}</span>
        <span class="wall-rotation" data-index={rotation.index}>
          {projects.length > 1
            ? `Project ${rotation.index + 1} of ${projects.length} · ${rotation.paused ? 'paused (Space resumes)' : `next in ${plural(rotation.secondsLeft ?? 0, 'second')}`}`
            : ''}
        </span>
        <ConnectionIndicator state={connection} />
        <span class="wall-clock">{formatInstant(new Date(rotation.now).toISOString())}</span>
      </header>
      {stale ? (
        <p class="wall-offline" role="alert">
          <strong>{connection === 'stopped' ? 'Live updates stopped' : 'Offline'}</strong>
          {` — last updated ${lastUpdated}. ${connection === 'stopped' ? 'What shows here may be out of date.' : 'Reconnecting; what shows here may be out of date.'}`}
        </p>
      ) : null}
      <Banner shown={celebrations} />
      <main id="main" class="wall-main" tabIndex={-1}>
        {project ? (
          <>
            <Project key={project.id} project={project} />
            <aside class="wall-side" aria-label="Attention and celebrations">
              <Attention project={project} />
              <LatestCelebrations />
            </aside>
          </>
        ) : data ? (
          <div class="wall-project">
            <h1 tabIndex={-1}>{organisationName}</h1>
            <p class="wall-summary">No active projects to show.</p>
            <LatestCelebrations />
          </div>
        ) : error ? (
          <ViewError error={error} retry={retry} />
        ) : (
          <p class="loading">Loading…</p>
        )}
      </main>
    </div>
  );
}
