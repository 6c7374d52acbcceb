import { buildOrganisation, type TestOrganisation } from './support/factories';
import { countStatements, dataOf, untilSubscribed, useTestServer } from './support/harness';
import { connect, pause, type WsConnection } from './support/ws-client';

const server = useTestServer();

const STAGE_UPDATED = `subscription ($projectId: ID) { stageUpdated(projectId: $projectId) {
  type cursor stage { title status } project { name } celebration { message acknowledgedBy { name } } } }`;
const PROGRESS = `subscription ($projectId: ID!) { projectProgress(projectId: $projectId) { projectId done total percentComplete } }`;

/** An ACTIVE project (every partner agreed every principle) with two stages. */
async function activeProject(org: TestOrganisation, name: string): Promise<{ id: string; stages: string[] }> {
  const call = async (query: string, variables: Record<string, unknown>) => dataOf(await server.gql(query, variables, org.as));
  const partner = (await call(`mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { id } }`, { input: { name: `Ward staff (${name})`, kind: 'STAFF' } }))
    .createPartner.id;
  const principle = (await call(`mutation ($input: CreatePrincipleInput!) { createPrinciple(input: $input) { id } }`, { input: { title: 'Transparency' } })).createPrinciple.id;
  const project = (await call(`mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }`, { input: { name } })).createProject.id;
  await call(`mutation ($input: InvolvePartnerInput!) { involvePartner(input: $input) { id } }`, { input: { projectId: project, partnerId: partner, role: 'LEAD' } });
  await call(`mutation ($input: SetProjectPrinciplesInput!) { setProjectPrinciples(input: $input) { id } }`, { input: { projectId: project, principleIds: [principle] } });
  const tom = (await call(`mutation ($input: AddRepresentativeInput!) { addRepresentative(input: $input) { id } }`, { input: { partnerId: partner, name: 'Tom' } }))
    .addRepresentative.id;
  await call(`mutation ($input: RecordAgreementInput!) { recordAgreement(input: $input) { id } }`, {
    input: { projectId: project, partnerId: partner, signedBy: 'Tom', representativeId: tom, evidence: 'Signed at the staff forum' },
  });
  await call(`mutation ($id: ID!) { startProject(id: $id) { status } }`, { id: project });
  const stages: string[] = [];
  for (const title of ['Consult staff', 'Open the ward']) {
    stages.push(
      (await call(`mutation ($input: AddStageInput!) { addStage(input: $input) { id } }`, { input: { projectId: project, title, ownerPartnerId: partner } })).addStage.id,
    );
  }
  return { id: project, stages };
}

async function complete(org: TestOrganisation, stageId: string, celebration: string): Promise<void> {
  dataOf(await server.gql(`mutation ($id: ID!) { startStage(id: $id) { id } }`, { id: stageId }, org.as));
  dataOf(await server.gql(`mutation ($input: CompleteStageInput!) { completeStage(input: $input) { id } }`, { input: { id: stageId, celebration } }, org.as));
}

function socketOf(org: TestOrganisation): WsConnection {
  return connect(server.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
}

describe('stageUpdated and projectProgress', () => {
  it('celebrates a completed stage live, for the whole organisation or one project', async () => {
    const org = await buildOrganisation(server);
    const ward = await activeProject(org, 'New ward');
    const clinic = await activeProject(org, 'New clinic');
    const socket = socketOf(org);
    try {
      const everything = socket.subscribe(STAGE_UPDATED);
      const wardOnly = socket.subscribe(STAGE_UPDATED, { projectId: ward.id });
      await untilSubscribed(server, org, 2);
      await complete(org, clinic.stages[0]!, 'Clinic staff consulted!');
      await complete(org, ward.stages[0]!, 'Well done, ward team!');
      const all = await everything.waitFor(4);
      expect(all.map((r) => r.data?.stageUpdated.type)).toEqual(['STAGE_STARTED', 'STAGE_COMPLETED', 'STAGE_STARTED', 'STAGE_COMPLETED']);
      const [, , , completed] = all;
      expect(completed?.data?.stageUpdated).toMatchObject({
        stage: { title: 'Consult staff', status: 'DONE' },
        project: { name: 'New ward' },
        celebration: { message: 'Well done, ward team!', acknowledgedBy: { name: org.owner.name } },
      });
      expect(all[0]?.data?.stageUpdated.celebration).toBeNull();
      const ward2 = await wardOnly.waitFor(2);
      await pause(300);
      expect(ward2).toHaveLength(2);
      expect(ward2.every((r) => r.data?.stageUpdated.project.name === 'New ward')).toBe(true);
    } finally {
      await socket.dispose();
    }
  });

  it("sends the project's progress after each change", async () => {
    const org = await buildOrganisation(server);
    const project = await activeProject(org, 'New ward');
    const socket = socketOf(org);
    try {
      const progress = socket.subscribe(PROGRESS, { projectId: project.id });
      await untilSubscribed(server, org);
      await complete(org, project.stages[0]!, 'Half way');
      const updates = await progress.waitFor(2);
      expect(updates[1]?.data?.projectProgress).toEqual({ projectId: project.id, done: 1, total: 2, percentComplete: 50 });
    } finally {
      await socket.dispose();
    }
  });

  it("gives another organisation's project NOT_FOUND and none of its events", async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server);
    const project = await activeProject(a, 'A ward');
    const socket = socketOf(b);
    try {
      for (const [query, variables] of [
        [STAGE_UPDATED, { projectId: project.id }],
        [PROGRESS, { projectId: project.id }],
      ] as const) {
        const attempt = socket.subscribe(query, variables);
        await attempt.done;
        expect(attempt.results[0]?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      }
      const bAll = socket.subscribe(STAGE_UPDATED);
      await untilSubscribed(server, b);
      await complete(a, project.stages[0]!, 'A only');
      await pause(500);
      expect(bAll.results).toHaveLength(0);
    } finally {
      await socket.dispose();
    }
  });

  it('executes an event once for all subscribers of the same subscription', async () => {
    const org = await buildOrganisation(server);
    const project = await activeProject(org, 'Shared');
    // Setup runs SQL of its own and, on a loaded machine, takes a while: add stages until every
    // subscriber has heard one, so all are in place. Then everything from starting a stage to the
    // last delivery is counted: the mutation and the hub's read are the same whatever the
    // audience, so only executing the event could grow with it.
    const deliver = async (subscribers: number, stageId: string) => {
      const sockets = Array.from({ length: subscribers }, () => socketOf(org));
      const subscriptions = sockets.map((socket) => socket.subscribe(STAGE_UPDATED, { projectId: project.id }));
      for (let round = 0; !subscriptions.every((s) => s.results.length > 0); round += 1) {
        if (round === 40) throw new Error('subscriptions never got going');
        dataOf(await server.gql(`mutation ($input: AddStageInput!) { addStage(input: $input) { id } }`, { input: { projectId: project.id, title: `Warm-up ${round}` } }, org.as));
        await pause(250);
      }
      await pause(300);
      const heard = subscriptions.map((s) => s.results.length);
      const statements = await countStatements(async () => {
        dataOf(await server.gql(`mutation ($id: ID!) { startStage(id: $id) { id } }`, { id: stageId }, org.as));
        await Promise.all(subscriptions.map((s, i) => s.waitFor(heard[i]! + 1)));
        await pause(200);
      });
      await Promise.all(sockets.map((socket) => socket.dispose()));
      return statements;
    };
    const one = await deliver(1, project.stages[0]!);
    const twenty = await deliver(20, project.stages[1]!);
    expect(twenty).toBe(one);
  });
});
