import { useClient, type AnyVariables, type TypedDocumentNode } from '@urql/preact';
import type { CombinedError } from '@urql/core';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { useLiveQuery, type Change } from '../dashboard/context';

export interface Edge<Node> {
  cursor: string;
  node: Node;
}

/** A newest-first page of a connection, as the activity log and the celebrations serve them. */
export interface Connection<Node> {
  edges: Edge<Node>[];
  pageInfo: { hasNextPage: boolean };
  totalCount: number;
}

export interface History<Node> {
  /** Newest first: the latest page as it now is, then everything older shown so far. Undefined until loaded. */
  edges: Edge<Node>[] | undefined;
  totalCount: number;
  /** There is history older than the last edge. */
  more: boolean;
  loadingOlder: boolean;
  /** Why the last "Show older" failed, in words ('' when it did not). */
  olderProblem: string;
  /** Loads the page before the oldest edge shown; resolves to how many edges it added. */
  showOlder(): Promise<number>;
  error: CombinedError | undefined;
  retry(): void;
}

/** `edges` without repeats (by cursor), in their order. */
function distinct<Node>(edges: Edge<Node>[]): Edge<Node>[] {
  const seen = new Set<string>();
  return edges.filter((edge) => !seen.has(edge.cursor) && Boolean(seen.add(edge.cursor)));
}

/**
 * The latest page over what was shown before. When it shares no edge with it and there is more
 * behind it, more happened since than a page holds: the older edges would leave a gap, so they go.
 */
function over<Node>(latest: Connection<Node>, kept: Edge<Node>[]): { edges: Edge<Node>[]; gap: boolean } {
  const keptCursors = new Set(kept.map((edge) => edge.cursor));
  const gap = kept.length > 0 && latest.pageInfo.hasNextPage && !latest.edges.some((edge) => keptCursors.has(edge.cursor));
  return { edges: gap ? latest.edges : distinct([...latest.edges, ...kept]), gap };
}

/**
 * A newest-first list that grows at both ends: the latest page is a live query (reloaded, through
 * the dashboard's one live connection, for the changes `follows` accepts, so new entries appear on
 * top), and "Show older" adds the page after the oldest entry shown, from the connection's cursor.
 * `variables` are the query's without `after`; the caller keys the component by them, so another
 * filter starts a fresh list.
 */
export function useHistory<Data, Variables extends AnyVariables & { after?: string | null }, Node>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  follows: (change: Change) => boolean,
  connectionOf: (data: Data) => Connection<Node>,
): History<Node> {
  const client = useClient();
  const { data, error, retry } = useLiveQuery(query, { ...variables, after: null }, follows);
  const [kept, setKept] = useState<Edge<Node>[]>([]);
  // hasNextPage of the last older page loaded; null before any (the latest page's then says).
  const [olderMore, setOlderMore] = useState<boolean | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderProblem, setOlderProblem] = useState('');
  const latest = data ? connectionOf(data) : undefined;
  const shown = latest ? over(latest, kept) : undefined;
  const edgesRef = useRef<Edge<Node>[]>([]);
  edgesRef.current = shown?.edges ?? [];

  useEffect(() => {
    if (!shown) return;
    setKept(shown.edges);
    if (shown.gap) setOlderMore(null);
  }, [latest]);

  return {
    edges: shown?.edges,
    totalCount: latest?.totalCount ?? 0,
    more: olderMore ?? latest?.pageInfo.hasNextPage ?? false,
    loadingOlder,
    olderProblem,
    error,
    retry,
    async showOlder() {
      const oldest = edgesRef.current[edgesRef.current.length - 1];
      if (!oldest || loadingOlder) return 0;
      setLoadingOlder(true);
      setOlderProblem('');
      const result = await client.query(query, { ...variables, after: oldest.cursor }, { requestPolicy: 'network-only' }).toPromise();
      setLoadingOlder(false);
      if (!result.data) {
        setOlderProblem(result.error ? errorMessage(result.error) : 'Nothing came back. Try again.');
        return 0;
      }
      const older = connectionOf(result.data);
      const before = edgesRef.current.length;
      const edges = distinct([...edgesRef.current, ...older.edges]);
      edgesRef.current = edges;
      setKept(edges);
      setOlderMore(older.pageInfo.hasNextPage);
      return edges.length - before;
    },
  };
}
