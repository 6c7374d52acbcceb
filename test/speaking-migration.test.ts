import { SpeakingForPartners1764202600000 } from '../src/db/migrations/1764202600000-speaking-for-partners';
import { Role } from '../src/auth/role';
import {
  buildMember,
  buildOrganisation,
  buildPartner,
  buildPrinciple,
  buildProject,
  buildRepresentative,
  buildSpokesperson,
  involvePartner,
  setProjectPrinciples,
} from './support/factories';
import { dataOf, useTestServer } from './support/harness';
import { uuidOf } from './support/ids';

// Migration 1764202600000 on rows written before it (this file's own database is migrated down to
// before it, given such rows, and migrated up again): they were never checked, so they are on
// behalf with that said as evidence; an agreement names the representative it was signed as when
// exactly one has that name, keeps its principle's version, and names who recorded it (from the
// activity log), as a challenge names who raised it.

const server = useTestServer();

describe('migration 1764202600000 (speaking for partners)', () => {
  it('backfills agreements and challenges written before it', async () => {
    const org = await buildOrganisation(server);
    const member = await buildMember(server, org, Role.MEMBER);
    const union = await buildPartner(server, org.as, { name: 'Unison branch', kind: 'TRADE_UNION' });
    const management = await buildPartner(server, org.as, { name: 'Trust management', kind: 'MANAGEMENT' });
    const priya = await buildRepresentative(server, org.as, { partnerId: union.id, name: 'Priya Shah' });
    await buildRepresentative(server, org.as, { partnerId: management.id, name: 'Sam Lee' });
    await buildRepresentative(server, org.as, { partnerId: management.id, name: 'sam lee' });
    const principle = await buildPrinciple(server, org.as, { title: 'Transparency' });
    dataOf(await server.gql(`mutation ($input: UpdatePrincipleInput!) { updatePrinciple(input: $input) { version } }`, { input: { id: principle.id, title: 'Openness' } }, org.as));
    const project = await buildProject(server, org.as);
    for (const partner of [union, management]) {
      await involvePartner(server, org.as, { projectId: project.id, partnerId: partner.id, role: 'MEMBER' });
    }
    await setProjectPrinciples(server, org.as, { projectId: project.id, principleIds: [principle.id] });
    await buildSpokesperson(server, org, union.id, { user: member });
    const challenge = dataOf(
      await server.gql(
        `mutation ($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id } }`,
        { input: { projectId: project.id, raisedByPartnerId: union.id, principleId: principle.id, description: 'Not consulted' } },
        member.as,
      ),
    ).raiseChallenge;

    // Everything between down and up goes through the migration's own connection (the embedded
    // database has only one).
    const migration = new SpeakingForPartners1764202600000();
    const runner = server.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      // As recordAgreement wrote them before: anyone, any name, an event naming its actor.
      await runner.query(
        `INSERT INTO agreements (organisation_id, project_id, partner_id, principle_id, signed_by) VALUES ($1, $2, $3, $5, ' priya SHAH '), ($1, $2, $4, $5, 'Sam Lee')`,
        [org.uuid, project.uuid, union.uuid, management.uuid, principle.uuid],
      );
      for (const actor of [member, org.owner]) {
        await runner.query(
          `WITH counter AS (UPDATE organisation_event_counters SET last_seq = last_seq + 1 WHERE organisation_id = $1 RETURNING last_seq)
           INSERT INTO activity_events (organisation_id, seq, type, entity_type, entity_id, project_id, summary, data, actor_user_id)
           SELECT $1, last_seq, 'AGREEMENT_RECORDED', 'Project', $2, $2, 'Unison branch agreed', $3::jsonb, $4 FROM counter`,
          [org.uuid, project.uuid, JSON.stringify({ partnerId: union.id, principleIds: [principle.id], signedBy: 'Priya Shah' }), uuidOf(actor.id)],
        );
      }
      await migration.up(runner);
    } finally {
      await runner.release();
    }

    const rows = await server.sql(
      `SELECT partner_id, principle_version, on_behalf, evidence, representative_id, recorded_by_user_id FROM agreements WHERE project_id = $1 ORDER BY partner_id = $2 DESC`,
      [project.uuid, union.uuid],
    );
    expect(rows).toEqual([
      {
        partner_id: union.uuid,
        principle_version: 2,
        on_behalf: true,
        evidence: "Recorded before agreements had to come from the partner's own representatives; signed by  priya SHAH ",
        representative_id: priya.uuid,
        // The latest recording's actor.
        recorded_by_user_id: uuidOf(org.owner.id),
      },
      {
        partner_id: management.uuid,
        principle_version: 2,
        on_behalf: true,
        evidence: "Recorded before agreements had to come from the partner's own representatives; signed by Sam Lee",
        // Two representatives have that name: neither is guessed.
        representative_id: null,
        recorded_by_user_id: null,
      },
    ]);
    const [raised] = await server.sql(`SELECT on_behalf, evidence, raised_by_user_id, representative_id, owner_user_id, due_date FROM challenges WHERE organisation_id = $1`, [
      org.uuid,
    ]);
    expect(raised).toEqual({
      on_behalf: true,
      evidence: "Raised before challenges had to come from the partner's own representatives",
      raised_by_user_id: uuidOf(member.id),
      representative_id: null,
      owner_user_id: null,
      due_date: null,
    });

    // The API reads them: current (given to the wording the principle has now), shown as on behalf.
    const read = dataOf(
      await server.gql(
        `query ($id: ID!) { project(id: $id) {
          agreements { principleVersion current onBehalf evidence representative { name } recordedBy { id } }
          missingAgreements { partner { id } }
          challenges { id onBehalf raisedByUser { id } representative { id } }
        } }`,
        { id: project.id },
        org.as,
      ),
    ).project;
    expect(read.agreements.map((a: any) => [a.principleVersion, a.current, a.onBehalf, a.representative?.name ?? null, a.recordedBy?.id ?? null])).toEqual([
      [2, true, true, 'Priya Shah', org.owner.id],
      [2, true, true, null, null],
    ]);
    expect(read.missingAgreements).toEqual([]);
    expect(read.challenges).toEqual([{ id: challenge.id, onBehalf: true, raisedByUser: { id: member.id }, representative: null }]);
  });
});
