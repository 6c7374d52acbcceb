import { currentAgreements } from '../src/modules/projects/project.agreements';
import { errorExtensions } from './support/assertions';
import { activityRows, tenantSnapshot } from './support/db-state';
import { buildOrganisation, buildPartner, buildPrinciple, buildProject, buildSpokesperson, type TestOrganisation, involvePartner, setProjectPrinciples } from './support/factories';
import { dataOf, errorCode, useTestServer, type Caller } from './support/harness';
import { uuidOf } from './support/ids';

// Versioned principles (api.md, "Principles have versions"): a change of wording raises the
// version; agreements keep the version they were given, stop counting once it changes, appear in
// missingAgreements again, and a PROPOSED project cannot start until they are given again.

const server = useTestServer();

const UPDATE = `mutation ($input: UpdatePrincipleInput!) { updatePrinciple(input: $input) { id title description version } }`;
const AGREE = `mutation ($input: RecordAgreementInput!) { recordAgreement(input: $input) { id principleVersion current principle { id version } } }`;
const START = `mutation ($id: ID!) { startProject(id: $id) { status } }`;
const PROJECT = `query ($id: ID!) {
  project(id: $id) {
    status
    agreements { id principleVersion current partner { id } principle { id version } }
    missingAgreements { partner { id } principle { id } }
  }
}`;

const update = (caller: Caller, input: Record<string, unknown>) => server.gql(UPDATE, { input }, caller);
const agree = (caller: Caller, input: Record<string, unknown>) => server.gql(AGREE, { input: { signedBy: 'Signed', ...input } }, caller);
const readProject = async (caller: Caller, id: string) => dataOf(await server.gql(PROJECT, { id }, caller)).project;

/** A PROPOSED project with two partners (the owner speaks for both) and two principles, every agreement given. */
async function agreedProject(org: TestOrganisation) {
  const project = await buildProject(server, org.as);
  const management = await buildPartner(server, org.as, { name: 'Trust management', kind: 'MANAGEMENT' });
  const union = await buildPartner(server, org.as, { name: 'Unison branch', kind: 'TRADE_UNION' });
  const transparency = await buildPrinciple(server, org.as, { title: 'Transparency', description: 'We share information early.' });
  const value = await buildPrinciple(server, org.as, { title: 'Adding value' });
  for (const partner of [management, union]) {
    await buildSpokesperson(server, org, partner.id);
    await involvePartner(server, org.as, { projectId: project.id, partnerId: partner.id, role: 'MEMBER' });
  }
  await setProjectPrinciples(server, org.as, { projectId: project.id, principleIds: [transparency.id, value.id] });
  for (const partner of [management, union]) dataOf(await agree(org.as, { projectId: project.id, partnerId: partner.id }));
  return { project, management, union, transparency, value };
}

describe('current agreements (pure)', () => {
  it('keeps the agreements given to the version each principle has now', () => {
    const agreements = [
      { partnerId: 'a', principleId: 'x', principleVersion: 1 },
      { partnerId: 'a', principleId: 'y', principleVersion: 1 },
      { partnerId: 'b', principleId: 'y', principleVersion: 2 },
      { partnerId: 'b', principleId: 'gone', principleVersion: 1 },
    ];
    expect(
      currentAgreements(agreements, [
        { id: 'x', version: 1 },
        { id: 'y', version: 2 },
      ]),
    ).toEqual([agreements[0], agreements[2]]);
  });
});

describe('principle versions', () => {
  it('raises the version on every change of wording; a stale expectedVersion is CONFLICT and changes nothing', async () => {
    const org = await buildOrganisation(server);
    const principle = await buildPrinciple(server, org.as, { title: 'Transparency' });
    const read = async () => dataOf(await server.gql(`query ($id: ID!) { node(id: $id) { ... on Principle { version title } } }`, { id: principle.id }, org.as)).node;
    expect(await read()).toEqual({ version: 1, title: 'Transparency' });

    expect(dataOf(await update(org.as, { id: principle.id, title: 'Openness' })).updatePrinciple).toMatchObject({ title: 'Openness', version: 2 });
    expect(dataOf(await update(org.as, { id: principle.id, expectedVersion: 2, description: 'Share early' })).updatePrinciple).toMatchObject({
      description: 'Share early',
      version: 3,
    });
    // A change to nothing keeps the version and records nothing.
    const events = (await activityRows(server, org.uuid)).length;
    expect(dataOf(await update(org.as, { id: principle.id, expectedVersion: 3, title: 'Openness' })).updatePrinciple.version).toBe(3);
    expect((await activityRows(server, org.uuid)).length).toBe(events);

    const before = await tenantSnapshot(server, org.uuid);
    for (const input of [
      { id: principle.id, expectedVersion: 2, title: 'Stale' },
      { id: principle.id, expectedVersion: 4, description: null },
      // Stale even when it would change nothing.
      { id: principle.id, expectedVersion: 1 },
    ]) {
      const stale = await update(org.as, input);
      expect([JSON.stringify(input), errorCode(stale)]).toEqual([JSON.stringify(input), 'CONFLICT']);
    }
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);
    expect(await read()).toEqual({ version: 3, title: 'Openness' });
    expect(await server.sql('SELECT version FROM principles WHERE id = $1', [principle.uuid])).toEqual([{ version: 3 }]);
  });

  it('lets exactly one of two concurrent rewordings at the same version win', async () => {
    const org = await buildOrganisation(server);
    const principle = await buildPrinciple(server, org.as, { title: 'Transparency' });
    const results = await Promise.all(['First', 'Second'].map((title) => update(org.as, { id: principle.id, expectedVersion: 1, title })));
    expect(results.filter((r) => !r.body.errors)).toHaveLength(1);
    expect(results.map(errorCode).filter(Boolean)).toEqual(['CONFLICT']);
    expect(await server.sql('SELECT version FROM principles WHERE id = $1', [principle.uuid])).toEqual([{ version: 2 }]);
  });

  it('makes agreements to a reworded principle not current, lists them as missing, and blocks the start until they are given again', async () => {
    const org = await buildOrganisation(server);
    const { project, management, union, transparency, value } = await agreedProject(org);
    let read = await readProject(org.as, project.id);
    expect(read.missingAgreements).toEqual([]);
    expect(read.agreements.every((a: any) => a.current && a.principleVersion === 1)).toBe(true);

    dataOf(await update(org.as, { id: transparency.id, expectedVersion: 1, title: 'Openness and transparency' }));
    const reworded = (await activityRows(server, org.uuid)).at(-1)!;
    expect(reworded).toMatchObject({ type: 'PRINCIPLE_UPDATED', data: { version: 2, previousVersion: 1, agreementsOutdated: 2 } });
    expect(reworded.summary).toBe('Reworded principle Transparency as Openness and transparency: 2 agreements to it must be given again');
    // The count is the principle's own field: a page never reads it out of the summary.
    const outdated = async () => dataOf(await server.gql(`{ principles { title outdatedAgreements } }`, {}, org.as)).principles.map((p: any) => [p.title, p.outdatedAgreements]);
    expect(await outdated()).toEqual(
      expect.arrayContaining([
        ['Openness and transparency', 2],
        [value.title, 0],
      ]),
    );

    read = await readProject(org.as, project.id);
    const byPair = (partnerId: string, principleId: string) => read.agreements.find((a: any) => a.partner.id === partnerId && a.principle.id === principleId);
    // Agreements keep the version they were given; only those to the reworded principle stop counting.
    expect(byPair(management.id, transparency.id)).toMatchObject({ principleVersion: 1, current: false, principle: { version: 2 } });
    expect(byPair(union.id, transparency.id)).toMatchObject({ principleVersion: 1, current: false });
    expect(byPair(management.id, value.id)).toMatchObject({ principleVersion: 1, current: true });
    expect(read.missingAgreements).toEqual([
      { partner: { id: management.id }, principle: { id: transparency.id } },
      { partner: { id: union.id }, principle: { id: transparency.id } },
    ]);

    const before = await tenantSnapshot(server, org.uuid);
    const refused = await server.gql(START, { id: project.id }, org.as);
    expect(errorCode(refused)).toBe('PRINCIPLES_NOT_AGREED');
    expect(errorExtensions(refused)?.missing).toEqual([
      { partnerId: management.id, principleId: transparency.id },
      { partnerId: union.id, principleId: transparency.id },
    ]);
    expect(
      errorCode(
        await server.gql(`mutation ($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { status } }`, { input: { id: project.id, status: 'ACTIVE' } }, org.as),
      ),
    ).toBe('PRINCIPLES_NOT_AGREED');
    expect(await tenantSnapshot(server, org.uuid)).toEqual(before);

    // Agreeing again replaces the old agreement with a current one (same row), and the log keeps what it replaced.
    const old = byPair(management.id, transparency.id);
    const [again] = dataOf(await agree(org.as, { projectId: project.id, partnerId: management.id, principleIds: [transparency.id] })).recordAgreement;
    expect(again).toEqual({ id: old.id, principleVersion: 2, current: true, principle: { id: transparency.id, version: 2 } });
    expect(
      await server.sql('SELECT principle_version FROM agreements WHERE project_id = $1 AND principle_id = $2 ORDER BY partner_id = $3 DESC', [
        project.uuid,
        transparency.uuid,
        management.uuid,
      ]),
    ).toEqual([{ principle_version: 2 }, { principle_version: 1 }]);
    const recorded = (await activityRows(server, org.uuid)).at(-1)!;
    expect(recorded.type).toBe('AGREEMENT_RECORDED');
    expect(recorded.data.replaced).toEqual([{ principleId: transparency.id, principleVersion: 1, signedBy: org.owner.name, onBehalf: false, agreedAt: expect.any(String) }]);
    expect(recorded.data.principleVersions).toEqual([2]);
    read = await readProject(org.as, project.id);
    expect(read.missingAgreements).toEqual([{ partner: { id: union.id }, principle: { id: transparency.id } }]);
    expect(errorCode(await server.gql(START, { id: project.id }, org.as))).toBe('PRINCIPLES_NOT_AGREED');
    expect(await outdated()).toEqual(expect.arrayContaining([['Openness and transparency', 1]]));

    dataOf(await agree(org.as, { projectId: project.id, partnerId: union.id }));
    expect(dataOf(await server.gql(START, { id: project.id }, org.as)).startProject.status).toBe('ACTIVE');
  });

  it('counts a description change as a change of wording too, and keeps agreements given after it', async () => {
    const org = await buildOrganisation(server);
    const { project, management, union, transparency } = await agreedProject(org);
    dataOf(await update(org.as, { id: transparency.id, description: 'We share information early, and explain our decisions.' }));
    expect((await readProject(org.as, project.id)).missingAgreements).toHaveLength(2);
    for (const partner of [management, union]) dataOf(await agree(org.as, { projectId: project.id, partnerId: partner.id, principleIds: [transparency.id] }));
    const read = await readProject(org.as, project.id);
    expect(read.missingAgreements).toEqual([]);
    expect(read.agreements.filter((a: any) => a.principle.id === transparency.id).map((a: any) => [a.principleVersion, a.current])).toEqual([
      [2, true],
      [2, true],
    ]);
    expect(await server.sql('SELECT count(*)::int AS n FROM agreements WHERE project_id = $1', [uuidOf(project.id)])).toEqual([{ n: 4 }]);
  });
});
