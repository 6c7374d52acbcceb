import { DEMO_EMAIL, DEMO_PASSWORD, DEMO_SLUG, seedDemo } from '../src/demo/demo-seed';
import { dataOf, useTestServer } from './support/harness';
import { seedCaller } from './support/seed-client';

// This file's queries read every relation at once, each list priced at its cap (catalogue 58): far
// more than the dashboard's own queries (web/src/gql), which fit the default limit.
const server = useTestServer({ env: { QUERY_MAX_COST: '10000000' } });

const DASHBOARD = `{
  organisation { name }
  projects(first: 20) { nodes {
    id name status
    progress { total done inProgress blocked percentComplete daysSinceLastCompletion }
    partners { role partner { name kind } }
    missingAgreements { partner { name } }
    stages { title status isLate owner { name } dependsOn { title } celebrations { message } }
    challenges { status principle { title } }
    evaluations { title status involvements { partner { kind } } measures { name baseline target latest { value } progressToTarget } }
  } }
}`;

describe('demo seed', () => {
  it('creates the demo Trust once, and the dashboard query returns its plan', async () => {
    const first = await seedDemo(seedCaller(server));
    expect(first).toMatchObject({ created: true, organisation: DEMO_SLUG });
    expect(first.apiKey).toMatch(/^phk_/);
    const counts = async () =>
      (
        await server.sql(
          `SELECT (SELECT count(*) FROM stages)::int AS stages, (SELECT count(*) FROM partners)::int AS partners, (SELECT count(*) FROM measurements)::int AS measurements`,
        )
      )[0];
    const before = await counts();

    const again = await seedDemo(seedCaller(server));
    expect(again.created).toBe(false);
    expect(await counts()).toEqual(before);

    const data = dataOf(await server.gql(DASHBOARD, {}, { token: again.apiKey }));
    expect(data.organisation.name).toBe('Riverside Care NHS Trust');
    const [project] = data.projects.nodes;
    // The reworded principle awaits one re-agreement: UNISON's own.
    expect(project).toMatchObject({ name: 'New mental health facility', status: 'ACTIVE', missingAgreements: [{ partner: { name: expect.stringMatching(/UNISON/) } }] });
    expect(project.partners.map((p: any) => p.partner.kind)).toEqual(['MANAGEMENT', 'STAFF', 'TRADE_UNION', 'TRADE_UNION', 'SERVICE_USERS']);
    expect(project.stages).toHaveLength(10);
    expect(project.progress).toMatchObject({ total: 10, done: 4, inProgress: 1, blocked: 1, percentComplete: 40 });
    expect(project.stages[0].celebrations[0].message).toMatch(/Six Principles/);
    expect(project.stages.filter((s: any) => s.isLate).map((s: any) => s.title)).toEqual(['Workforce plan and redeployment agreement']);
    expect(project.challenges).toEqual([{ status: 'OPEN', principle: { title: expect.stringMatching(/ransparency/) } }]);
    const [evaluation] = project.evaluations;
    expect(evaluation.involvements).toEqual([{ partner: { kind: 'SERVICE_USERS' } }]);
    expect(evaluation.measures).toHaveLength(3);
    expect(evaluation.measures[0]).toMatchObject({ baseline: 42, target: 14, latest: { value: 27 } });
    expect(evaluation.measures[0].progressToTarget).toBeCloseTo(15 / 28, 5);
    const history = dataOf(
      await server.gql(
        `query ($id: ID!) { node(id: $id) { ... on Project { latestUpdate { health } updates { nodes { health } } decisions { nodes { agreedBy { kind } stages { title } principles { title } } } } } }`,
        { id: project.id },
        { token: again.apiKey },
      ),
    ).node;
    expect(history.latestUpdate).toEqual({ health: 'ON_TRACK' });
    expect(history.updates.nodes).toEqual([{ health: 'ON_TRACK' }, { health: 'AT_RISK' }]);
    expect(history.decisions.nodes).toEqual([
      { agreedBy: expect.arrayContaining([{ kind: 'MANAGEMENT' }, { kind: 'TRADE_UNION' }]), stages: [{ title: expect.any(String) }], principles: [{ title: expect.any(String) }] },
    ]);
    expect(history.decisions.nodes[0].agreedBy).toHaveLength(2);

    // The open evaluation's public form works without an account, and shows the team's answer;
    // its secret is shown once, so a second run has none to print.
    expect(first.feedbackUrl).toMatch(/\/feedback\/phf_/);
    expect(again.feedbackUrl).toBeNull();
    const form = await fetch(`${server.url}${new URL(first.feedbackUrl!).pathname}`);
    expect(form.status).toBe(200);
    const page = await form.text();
    expect(page).toContain('What service users and carers tell us');
    expect(page).toContain('Rotas are now drafted jointly with the staff side');
    const { token } = dataOf(
      await server.gql(`mutation ($input: LogInInput!) { logIn(input: $input) { token } }`, { input: { email: DEMO_EMAIL, password: DEMO_PASSWORD } }),
    ).logIn;
    const lead = dataOf(await server.gql(`{ viewer { organisations { digest { chosen frequency weekday timeZone } } } }`, {}, { token, organisation: DEMO_SLUG })).viewer
      .organisations;
    expect(lead).toEqual([{ digest: { chosen: true, frequency: 'WEEKLY', weekday: 1, timeZone: 'Europe/London' } }]);
  });
});
