import { buildOrganisation, buildPartner, buildProject, type TestOrganisation } from './support/factories';
import { dataOf, errorCode, untilSubscribed, useTestServer } from './support/harness';
import { connect, pause, type WsConnection } from './support/ws-client';

// Project updates and decisions live (issue #18): `projectUpdatePosted` and `decisionRecorded`
// over graphql-ws, from the activity log: after commit, for the caller's organisation only, and
// from a cursor after a reconnect.

const server = useTestServer();

const UPDATES = `subscription ($projectId: ID, $after: String) { projectUpdatePosted(projectId: $projectId, after: $after) {
  cursor update { id health narrative postedBy { name } project { id name } } } }`;
const DECISIONS = `subscription ($projectId: ID, $after: String) { decisionRecorded(projectId: $projectId, after: $after) {
  cursor decision { id decidedOn text agreedBy { name } project { name } } } }`;
const POST = `mutation ($input: PostProjectUpdateInput!) { postProjectUpdate(input: $input) { id } }`;
const RECORD = `mutation ($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }`;

const socketOf = (org: TestOrganisation): WsConnection => connect(server.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });

async function post(org: TestOrganisation, projectId: string, health: string, narrative: string): Promise<string> {
  return dataOf(await server.gql(POST, { input: { projectId, health, narrative } }, org.as)).postProjectUpdate.id;
}

async function decide(org: TestOrganisation, projectId: string, partnerId: string, text: string): Promise<string> {
  return dataOf(await server.gql(RECORD, { input: { projectId, decidedOn: '2026-01-15', text, agreedByPartnerIds: [partnerId] } }, org.as)).recordDecision.id;
}

describe('projectUpdatePosted', () => {
  it('delivers a committed update, for the organisation or one project, and nothing of a refused one', async () => {
    const org = await buildOrganisation(server);
    const shelter = await buildProject(server, org.as, { name: 'Night shelter' });
    const clinic = await buildProject(server, org.as, { name: 'Clinic' });
    const closed = await buildProject(server, org.as, { name: 'Closed', status: 'COMPLETED' });
    const socket = socketOf(org);
    try {
      const all = socket.subscribe(UPDATES);
      const shelterOnly = socket.subscribe(UPDATES, { projectId: shelter.id });
      await untilSubscribed(server, org, 2);
      // Refused (the project is COMPLETED): its transaction writes nothing, so nothing is sent.
      expect(errorCode(await server.gql(POST, { input: { projectId: closed.id, health: 'ON_TRACK', narrative: 'Too late' } }, org.as))).toBe('INVALID_TRANSITION');
      const clinicUpdate = await post(org, clinic.id, 'ON_TRACK', 'Clinic fine');
      const shelterUpdate = await post(org, shelter.id, 'AT_RISK', 'Funding is late');
      const [first, second] = await all.waitFor(2);
      expect(first?.data?.projectUpdatePosted.update).toEqual({
        id: clinicUpdate,
        health: 'ON_TRACK',
        narrative: 'Clinic fine',
        postedBy: { name: org.owner.name },
        project: { id: clinic.id, name: 'Clinic' },
      });
      expect(second?.data?.projectUpdatePosted.update).toMatchObject({ id: shelterUpdate, health: 'AT_RISK', narrative: 'Funding is late' });
      const [only] = await shelterOnly.waitFor(1);
      expect(only?.data?.projectUpdatePosted.update.id).toBe(shelterUpdate);
      // The update is in the database by the time it is heard: it was sent after commit.
      expect(await server.sql('SELECT health FROM project_updates WHERE organisation_id = $1 ORDER BY created_at', [org.uuid])).toEqual([
        { health: 'ON_TRACK' },
        { health: 'AT_RISK' },
      ]);
      await pause(300);
      expect(all.results).toHaveLength(2);
      expect(shelterOnly.results).toHaveLength(1);
    } finally {
      await socket.dispose();
    }
  });

  it('sends another organisation nothing, and refuses it the project (NOT_FOUND)', async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server);
    const project = await buildProject(server, a.as, { name: 'A only' });
    const partner = await buildPartner(server, a.as, { name: 'A partner' });
    const socket = socketOf(b);
    try {
      for (const query of [UPDATES, DECISIONS]) {
        const attempt = socket.subscribe(query, { projectId: project.id });
        await attempt.done;
        expect(attempt.results[0]?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      }
      const updates = socket.subscribe(UPDATES);
      const decisions = socket.subscribe(DECISIONS);
      // Even from the start of its log (a replay), b hears nothing of a's.
      const replay = socket.subscribe(UPDATES, { after: Buffer.from('seq:0').toString('base64url') });
      await untilSubscribed(server, b, 3);
      await post(a, project.id, 'OFF_TRACK', 'Secret trouble');
      await decide(a, project.id, partner.id, 'Secret decision');
      await pause(500);
      expect(updates.results).toHaveLength(0);
      expect(decisions.results).toHaveLength(0);
      expect(replay.results).toHaveLength(0);
    } finally {
      await socket.dispose();
    }
  });

  it('catches up after a reconnect from the last cursor seen: the missed updates in order, then live', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as, { name: 'Night shelter' });
    const first = socketOf(org);
    let cursor: string;
    try {
      const events = first.subscribe(UPDATES, { projectId: project.id });
      await untilSubscribed(server, org);
      await post(org, project.id, 'ON_TRACK', 'Seen');
      const [seen] = await events.waitFor(1);
      cursor = seen!.data!.projectUpdatePosted.cursor;
    } finally {
      await first.dispose();
    }
    // While disconnected: two updates, and other activity the subscription does not carry.
    await post(org, project.id, 'AT_RISK', 'Missed one');
    await buildPartner(server, org.as, { name: 'Not an update' });
    await post(org, project.id, 'OFF_TRACK', 'Missed two');
    const again = socketOf(org);
    try {
      const events = again.subscribe(UPDATES, { projectId: project.id, after: cursor });
      const replayed = await events.waitFor(2);
      expect(replayed.map((r) => r.data?.projectUpdatePosted.update.narrative)).toEqual(['Missed one', 'Missed two']);
      await post(org, project.id, 'ON_TRACK', 'Live again');
      const all = await events.waitFor(3);
      expect(all[2]?.data?.projectUpdatePosted.update.narrative).toBe('Live again');
      expect(new Set(all.map((r) => r.data?.projectUpdatePosted.cursor)).size).toBe(3);
      await pause(300);
      expect(events.results).toHaveLength(3);
      const bad = again.subscribe(UPDATES, { after: 'garbage' });
      await bad.done;
      expect(bad.results[0]?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await again.dispose();
    }
  });
});

describe('decisionRecorded', () => {
  it('delivers a committed decision with who agreed, and catches up from a cursor after a reconnect', async () => {
    const org = await buildOrganisation(server);
    const project = await buildProject(server, org.as, { name: 'Night shelter' });
    const other = await buildProject(server, org.as, { name: 'Clinic' });
    const unison = await buildPartner(server, org.as, { name: 'Unison branch', kind: 'TRADE_UNION' });
    const first = socketOf(org);
    let cursor: string;
    try {
      const events = first.subscribe(DECISIONS, { projectId: project.id });
      await untilSubscribed(server, org);
      // Refused (decided in the future): nothing committed, nothing sent.
      const refused = await server.gql(RECORD, { input: { projectId: project.id, decidedOn: '2999-01-01', text: 'Later', agreedByPartnerIds: [unison.id] } }, org.as);
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      await decide(org, other.id, unison.id, 'Another project');
      const id = await decide(org, project.id, unison.id, 'Open at weekends');
      const [heard] = await events.waitFor(1);
      expect(heard?.data?.decisionRecorded.decision).toEqual({
        id,
        decidedOn: '2026-01-15',
        text: 'Open at weekends',
        agreedBy: [{ name: 'Unison branch' }],
        project: { name: 'Night shelter' },
      });
      cursor = heard!.data!.decisionRecorded.cursor;
      await pause(300);
      expect(events.results).toHaveLength(1);
    } finally {
      await first.dispose();
    }
    await decide(org, project.id, unison.id, 'Missed while away');
    const again = socketOf(org);
    try {
      const events = again.subscribe(DECISIONS, { projectId: project.id, after: cursor });
      const [missed] = await events.waitFor(1);
      expect(missed?.data?.decisionRecorded.decision.text).toBe('Missed while away');
      await decide(org, project.id, unison.id, 'Live again');
      const all = await events.waitFor(2);
      expect(all[1]?.data?.decisionRecorded.decision.text).toBe('Live again');
    } finally {
      await again.dispose();
    }
  });
});
