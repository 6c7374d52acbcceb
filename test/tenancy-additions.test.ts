import { Role } from '../src/auth/role';
import { tenantSnapshot } from './support/db-state';
import {
  buildApiKey,
  buildMember,
  buildOrganisation,
  buildPartner,
  buildPrinciple,
  buildProject,
  buildRepresentative,
  buildSpokesperson,
  buildStage,
  linkRepresentative,
  type TestOrganisation,
} from './support/factories';
import { dataOf, useTestServer, type Caller, type GraphQLResponse } from './support/harness';
import { missingId } from './support/ids';

// The tenancy replay for the operations of the issue on people and records
// (contract-additions.graphql): from another organisation, with its owner and with its ADMIN key,
// every id of the first answers exactly as an id that does not exist, and nothing of it changes
// or shows.
const server = useTestServer();

const seen = (response: GraphQLResponse) => ({ status: response.status, data: response.body.data, errors: response.body.errors });

/** One organisation with a record of every kind the additions touch; names carry `marker`. */
async function worldOf(org: TestOrganisation, marker: string) {
  const gql = async (query: string, variables: Record<string, unknown>) => dataOf(await server.gql(query, variables, org.as));
  const partner = await buildPartner(server, org.as, { name: `Union ${marker}`, kind: 'TRADE_UNION' });
  const member = await buildMember(server, org, Role.MEMBER);
  const representative = await buildRepresentative(server, org.as, { partnerId: partner.id, name: `Steward ${marker}` });
  await linkRepresentative(server, org.as, representative.id, member.id);
  await buildSpokesperson(server, org, partner.id, { name: `Owner ${marker}` });
  const principle = await buildPrinciple(server, org.as, { title: `Principle ${marker}` });
  const project = await buildProject(server, org.as, { name: `Project ${marker}` });
  await gql(`mutation ($input: InvolvePartnerInput!) { involvePartner(input: $input) { id } }`, { input: { projectId: project.id, partnerId: partner.id, role: 'MEMBER' } });
  await gql(`mutation ($input: SetProjectPrinciplesInput!) { setProjectPrinciples(input: $input) { id } }`, { input: { projectId: project.id, principleIds: [principle.id] } });
  const stage = await buildStage(server, org.as, { projectId: project.id, title: `Stage ${marker}` });
  const challenge = (
    await gql(`mutation ($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id } }`, {
      input: { projectId: project.id, raisedByPartnerId: partner.id, principleId: principle.id, description: `Challenge ${marker}`, ownerUserId: member.id, dueDate: '2026-01-01' },
    })
  ).raiseChallenge;
  const evaluation = (
    await gql(`mutation ($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }`, { input: { projectId: project.id, title: `Evaluation ${marker}` } })
  ).createEvaluation;
  const measure = (
    await gql(`mutation ($input: AddMeasureInput!) { addMeasure(input: $input) { id } }`, {
      input: { evaluationId: evaluation.id, name: `Measure ${marker}`, baseline: 10, target: 5, direction: 'LOWER_IS_BETTER' },
    })
  ).addMeasure;
  const measurement = (
    await gql(`mutation ($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`, { input: { measureId: measure.id, value: 8, date: '2026-02-01' } })
  ).recordMeasurement;
  const invitation = (
    await gql(`mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { id } }`, { input: { email: `invitee-${marker.toLowerCase()}@example.org`, role: 'MEMBER' } })
  ).inviteMember;
  await gql(`mutation ($input: PostProjectUpdateInput!) { postProjectUpdate(input: $input) { id } }`, {
    input: { projectId: project.id, health: 'AT_RISK', narrative: `Update ${marker}` },
  });
  await gql(`mutation ($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }`, {
    input: {
      projectId: project.id,
      decidedOn: '2026-01-05',
      text: `Decision ${marker}`,
      agreedByPartnerIds: [partner.id],
      stageIds: [stage.id],
      challengeIds: [challenge.id],
      principleIds: [principle.id],
    },
  });
  return { partner, member, representative, principle, project, stage, challenge, evaluation, measure, measurement, invitation };
}

describe('tenancy of the people-and-records operations', () => {
  it("answers every operation naming another organisation's ids as it answers missing ids, and changes and shows nothing of it", async () => {
    const a = await buildOrganisation(server, { name: 'Alpha Trust MARKER-A' });
    const b = await buildOrganisation(server, { name: 'Beta Council' });
    const inA = await worldOf(a, 'MARKER-A');
    const inB = await worldOf(b, 'Beta');
    const bKey = await buildApiKey(server, b, Role.ADMIN);
    const before = await tenantSnapshot(server, a.uuid);

    // Each operation as a function of the foreign id it names (A's, or a missing one of its type).
    const operations: Array<[string, string, (id: string) => [string, Record<string, unknown>]]> = [
      ['revokeInvitation', 'Invitation', (id) => [`mutation ($id: ID!) { revokeInvitation(id: $id) { id } }`, { id }]],
      ['linkRepresentative (representative)', 'Representative', (id) => [`mutation ($id: ID!) { linkRepresentative(input: { representativeId: $id }) { id } }`, { id }]],
      [
        'linkRepresentative (user)',
        'User',
        (id) => [`mutation ($r: ID!, $id: ID!) { linkRepresentative(input: { representativeId: $r, userId: $id }) { id } }`, { r: inB.representative.id, id }],
      ],
      [
        'inviteMember (representative)',
        'Representative',
        (id) => [`mutation ($id: ID!) { inviteMember(input: { email: "x@example.org", role: MEMBER, representativeId: $id }) { id } }`, { id }],
      ],
      ['reopenEvaluation', 'Evaluation', (id) => [`mutation ($id: ID!) { reopenEvaluation(input: { id: $id, reason: "Typo" }) { id } }`, { id }]],
      ['updateMeasurement', 'Measurement', (id) => [`mutation ($id: ID!) { updateMeasurement(input: { id: $id, value: 1, reason: "Typo" }) { id } }`, { id }]],
      ...(['Partner', 'Representative', 'Principle', 'Project', 'Measure', 'Measurement'] as const).flatMap(
        (type): Array<[string, string, (id: string) => [string, Record<string, unknown>]]> => [
          [`archive ${type}`, type, (id) => [`mutation ($id: ID!) { archive(id: $id) { id } }`, { id }]],
          [`restore ${type}`, type, (id) => [`mutation ($id: ID!) { restore(id: $id) { id } }`, { id }]],
        ],
      ),
      [
        'recordAgreement (representative)',
        'Representative',
        (id) => [
          `mutation ($input: RecordAgreementInput!) { recordAgreement(input: $input) { id } }`,
          { input: { projectId: inB.project.id, partnerId: inB.partner.id, signedBy: 'X', representativeId: id, evidence: 'Signed paper copy' } },
        ],
      ],
      [
        'raiseChallenge (owner)',
        'User',
        (id) => [
          `mutation ($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id } }`,
          { input: { projectId: inB.project.id, raisedByPartnerId: inB.partner.id, principleId: inB.principle.id, description: 'X', ownerUserId: id } },
        ],
      ],
      [
        'addStage (assignee)',
        'User',
        (id) => [`mutation ($input: AddStageInput!) { addStage(input: $input) { id } }`, { input: { projectId: inB.project.id, title: 'X', assigneeUserId: id } }],
      ],
      [
        'updateStage (assignee)',
        'User',
        (id) => [`mutation ($input: UpdateStageInput!) { updateStage(input: $input) { id } }`, { input: { id: inB.stage.id, expectedVersion: 1, assigneeUserId: id } }],
      ],
      ['postProjectUpdate', 'Project', (id) => [`mutation ($id: ID!) { postProjectUpdate(input: { projectId: $id, health: ON_TRACK, narrative: "X" }) { id } }`, { id }]],
      ...(
        [
          ['project', 'Project', (id: string) => ({ projectId: id })],
          ['partner', 'Partner', (id: string) => ({ agreedByPartnerIds: [id] })],
          ['stage', 'Stage', (id: string) => ({ stageIds: [id] })],
          ['challenge', 'Challenge', (id: string) => ({ challengeIds: [id] })],
          ['principle', 'Principle', (id: string) => ({ principleIds: [id] })],
        ] as const
      ).map(([link, type, change]): [string, string, (id: string) => [string, Record<string, unknown>]] => [
        `recordDecision (${link})`,
        type,
        (id) => [
          `mutation ($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }`,
          { input: { projectId: inB.project.id, decidedOn: '2026-01-05', text: 'X', agreedByPartnerIds: [inB.partner.id], ...change(id) } },
        ],
      ]),
    ];
    const foreign: Record<string, string> = {
      Invitation: inA.invitation.id,
      Representative: inA.representative.id,
      User: inA.member.id,
      Evaluation: inA.evaluation.id,
      Measurement: inA.measurement.id,
      Partner: inA.partner.id,
      Principle: inA.principle.id,
      Project: inA.project.id,
      Measure: inA.measure.id,
      Stage: inA.stage.id,
      Challenge: inA.challenge.id,
    };

    for (const caller of [b.as, bKey.as] as Caller[]) {
      for (const [name, type, operation] of operations) {
        const [query, variables] = operation(foreign[type]!);
        const [missingQuery, missingVariables] = operation(missingId(type));
        const answer = seen(await server.gql(query, variables, caller));
        expect([name, answer.errors?.[0]?.extensions?.code === undefined ? 'answered' : 'refused']).toEqual([name, 'refused']);
        expect([name, answer]).toEqual([name, seen(await server.gql(missingQuery, missingVariables, caller))]);
      }
      for (const id of Object.values(foreign)) expect(dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id }, caller)).node).toBeNull();
      const lists = await server.gql(
        `{ challenges(first: 100) { nodes { description owner { name } } } organisation { invitations { email } members { representing { name } } } partners { nodes { name representatives { name } } } decisions(first: 100) { nodes { text agreedBy { name } stages { title } } } projects(first: 100) { nodes { latestUpdate { narrative } updates { nodes { narrative } } decisions { nodes { text } } } } }`,
        {},
        caller,
      );
      expect(JSON.stringify(lists.body)).not.toContain('MARKER-A');
    }
    expect(await tenantSnapshot(server, a.uuid)).toEqual(before);
  });
});
