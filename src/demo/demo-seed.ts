/**
 * The demo organisation: a Care Trust opening a new mental health facility in partnership with
 * management, staff, two unions and a service-user and carer group. Built through the public
 * GraphQL API, so it obeys every rule a real client meets; running it twice changes nothing.
 *
 * Only a partner speaks for itself: UNISON's branch secretary has an account, linked to UNISON's
 * representative, and signs UNISON's agreement and raises its challenge herself; the partnership
 * lead records the other partners' agreements on their behalf, with the signed paper copies as
 * evidence.
 */

export type Call = (query: string, variables?: Record<string, unknown>, caller?: { token?: string; organisation?: string }) => Promise<any>;

export const DEMO_EMAIL = 'demo@riverside-care.example';
export const DEMO_PASSWORD = 'partnership-demo-2026';
export const DEMO_SLUG = 'riverside-care';
/** UNISON's branch secretary, a MEMBER who speaks for UNISON (demo credentials, like the lead's). */
export const DEMO_REPRESENTATIVE_EMAIL = 'priya.shah@riverside-care.example';
export const DEMO_REPRESENTATIVE_PASSWORD = 'unison-branch-demo-2026';

export interface DemoResult {
  created: boolean;
  email: string;
  password: string;
  organisation: string;
  /** An OBSERVER key for a wall screen: the one this seed was given back, while it still works. */
  apiKey: string;
  /** Whether `apiKey` was made by this run (none was given, or the given one no longer works). */
  apiKeyCreated: boolean;
  projectId: string;
  /** The public feedback form of the draft evaluation, on the run that created the demo only (its secret is shown once). */
  feedbackUrl: string | null;
}

/** A calendar day `days` from today (negative: in the past), as YYYY-MM-DD. */
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const PARTNERS = [
  {
    key: 'board',
    name: 'Trust Board and Executive Team',
    kind: 'MANAGEMENT',
    role: 'LEAD',
    description: 'Accountable for the new facility and its budget.',
    rep: ['Dr Amara Okafor', 'Chief Operating Officer'],
  },
  {
    key: 'staff',
    name: 'Ward Staff Forum',
    kind: 'STAFF',
    role: 'MEMBER',
    description: 'Nurses, healthcare assistants and therapists who will work in the facility.',
    rep: ['Tom Reilly', 'Senior Staff Nurse'],
  },
  {
    key: 'unison',
    name: 'UNISON Health Branch',
    kind: 'TRADE_UNION',
    role: 'MEMBER',
    description: 'Represents support staff and healthcare assistants.',
    rep: ['Priya Shah', 'Branch Secretary'],
  },
  { key: 'rcn', name: 'Royal College of Nursing', kind: 'TRADE_UNION', role: 'MEMBER', description: 'Represents registered nurses.', rep: ['Gareth Evans', 'RCN Steward'] },
  {
    key: 'voices',
    name: 'Service User and Carer Voices',
    kind: 'SERVICE_USERS',
    role: 'MEMBER',
    description: 'People who use mental health services, and their carers.',
    rep: ['Jo Bennett', 'Lived Experience Lead'],
  },
] as const;

type PartnerKey = (typeof PARTNERS)[number]['key'];

const STAGES: {
  title: string;
  owner: PartnerKey;
  due: number;
  dependsOn?: number[];
  outcome: 'DONE' | 'IN_PROGRESS' | 'BLOCKED' | 'NOT_STARTED';
  celebration?: string;
  reason?: string;
}[] = [
  { title: 'Agree the partnership charter', owner: 'board', due: -120, outcome: 'DONE', celebration: 'Every partner signed up to the Six Principles. A real foundation.' },
  {
    title: 'Joint needs assessment with service users',
    owner: 'voices',
    due: -95,
    dependsOn: [0],
    outcome: 'DONE',
    celebration: 'Forty service users and carers shaped the brief. Thank you!',
  },
  {
    title: 'Staff consultation on the ward model',
    owner: 'staff',
    due: -70,
    dependsOn: [0],
    outcome: 'DONE',
    celebration: 'Over 80% of ward staff took part in the consultation.',
  },
  {
    title: 'Co-design workshops for the building',
    owner: 'voices',
    due: -40,
    dependsOn: [1, 2],
    outcome: 'DONE',
    celebration: 'Quiet rooms and a garden, designed by the people who will use them.',
  },
  { title: 'Workforce plan and redeployment agreement', owner: 'unison', due: -5, dependsOn: [2], outcome: 'IN_PROGRESS' },
  { title: 'Recruit to the new roles', owner: 'board', due: 30, dependsOn: [4], outcome: 'NOT_STARTED' },
  { title: 'Building handover and safety checks', owner: 'board', due: 20, outcome: 'BLOCKED', reason: 'Contractor has not yet delivered the fire safety certificate.' },
  { title: 'Training programme for the new model of care', owner: 'rcn', due: 60, dependsOn: [5], outcome: 'NOT_STARTED' },
  { title: 'Phased opening of the facility', owner: 'board', due: 90, dependsOn: [6, 7], outcome: 'NOT_STARTED' },
  { title: 'Six-month joint review', owner: 'voices', due: 270, dependsOn: [8], outcome: 'NOT_STARTED' },
];

const MEASURES = [
  { name: 'Average wait for a first assessment', unit: 'days', baseline: 42, target: 14, direction: 'LOWER_IS_BETTER', values: [42, 38, 31, 27] },
  { name: 'Service users satisfied with their care', unit: '%', baseline: 61, target: 85, direction: 'HIGHER_IS_BETTER', values: [61, 66, 70, 74] },
  { name: 'Staff sickness absence', unit: '%', baseline: 6.8, target: 4.5, direction: 'LOWER_IS_BETTER', values: [6.8, 6.5, 6.1, 5.9] },
] as const;

async function signIn(
  call: Call,
  email = DEMO_EMAIL,
  password = DEMO_PASSWORD,
  name = 'Sam Patel (Partnership Lead)',
): Promise<{ token: string; userId: string; created: boolean }> {
  const logIn = await call(`mutation ($input: LogInInput!) { logIn(input: $input) { token user { id } } }`, { input: { email, password } }).catch(() => null);
  if (logIn) return { token: logIn.logIn.token, userId: logIn.logIn.user.id, created: false };
  const signUp = await call(`mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id } } }`, { input: { email, password, name } });
  return { token: signUp.signUp.token, userId: signUp.signUp.user.id, created: true };
}

/** Whether `secret` is still an unrevoked OBSERVER key of the demo organisation. */
async function screenKeyWorks(call: Call, secret: string): Promise<boolean> {
  const found = await call(`{ organisation { slug } viewer { apiKey { role revokedAt } } }`, {}, { token: secret }).catch(() => null);
  return found?.organisation?.slug === DEMO_SLUG && found.viewer.apiKey?.role === 'OBSERVER' && !found.viewer.apiKey.revokedAt;
}

/**
 * Creates the demo organisation unless it exists; returns how to sign in and a screen key. A key
 * secret is shown only once, so the caller keeps the one it was given and hands it back as
 * `screenKey`: while that key works no new one is made, and a second run changes nothing.
 */
export async function seedDemo(call: Call, { screenKey }: { screenKey?: string } = {}): Promise<DemoResult> {
  const { token, userId } = await signIn(call);
  const viewer = await call(`{ viewer { organisations { organisation { slug } } } }`, {}, { token });
  const exists = viewer.viewer.organisations.some((m: any) => m.organisation?.slug === DEMO_SLUG);
  const as = { token, organisation: DEMO_SLUG };
  const built = exists ? null : await build(call, token, userId);
  const projects = await call(`{ projects(first: 1) { nodes { id } } }`, {}, as);
  const reused = exists && screenKey !== undefined && (await screenKeyWorks(call, screenKey));
  const apiKey = reused ? screenKey : (await call(`mutation { createApiKey(input: { name: "Meeting room screen", role: OBSERVER }) { secret } }`, {}, as)).createApiKey.secret;
  return {
    created: !exists,
    email: DEMO_EMAIL,
    password: DEMO_PASSWORD,
    organisation: DEMO_SLUG,
    apiKey,
    apiKeyCreated: !reused,
    projectId: projects.projects.nodes[0]?.id,
    feedbackUrl: built?.feedbackUrl ?? null,
  };
}

async function build(call: Call, token: string, leadUserId: string): Promise<{ feedbackUrl: string }> {
  await call(
    `mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`,
    {
      input: { slug: DEMO_SLUG, name: 'Riverside Care NHS Trust' },
    },
    { token },
  );
  const as = { token, organisation: DEMO_SLUG };

  const partners = {} as Record<PartnerKey, string>;
  const representatives = {} as Record<PartnerKey, string>;
  for (const p of PARTNERS) {
    const created = await call(
      `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { id } }`,
      { input: { name: p.name, kind: p.kind, description: p.description } },
      as,
    );
    partners[p.key] = created.createPartner.id;
    const representative = await call(
      `mutation ($input: AddRepresentativeInput!) { addRepresentative(input: $input) { id } }`,
      { input: { partnerId: partners[p.key], name: p.rep[0], roleTitle: p.rep[1] } },
      as,
    );
    representatives[p.key] = representative.addRepresentative.id;
  }
  // UNISON speaks for itself: its branch secretary is invited as its representative and accepts,
  // which makes her a member linked to that representative.
  const priya = await signIn(call, DEMO_REPRESENTATIVE_EMAIL, DEMO_REPRESENTATIVE_PASSWORD, 'Priya Shah');
  const invitation = await call(
    `mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { link } }`,
    { input: { email: DEMO_REPRESENTATIVE_EMAIL, role: 'MEMBER', representativeId: representatives.unison } },
    as,
  );
  const link: string = invitation.inviteMember.link;
  await call(
    `mutation ($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token } }`,
    { input: { token: link.slice(link.lastIndexOf('/') + 1) } },
    { token: priya.token },
  );
  const asUnison = { token: priya.token, organisation: DEMO_SLUG };
  const principles = (await call(`mutation { adoptPrincipleSet(set: TUC_SIX_PRINCIPLES) { id } }`, {}, as)).adoptPrincipleSet.map((p: any) => p.id);

  const project = (
    await call(
      `mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }`,
      {
        input: {
          name: 'New mental health facility',
          summary: 'Open a 24-bed community mental health facility, planned and run in partnership.',
          goals: 'Shorter waits for assessment, care closer to home, and a good place to work.',
          startDate: day(-130),
          targetDate: day(300),
        },
      },
      as,
    )
  ).createProject.id;
  for (const p of PARTNERS) {
    await call(`mutation ($input: InvolvePartnerInput!) { involvePartner(input: $input) { id } }`, { input: { projectId: project, partnerId: partners[p.key], role: p.role } }, as);
  }
  await call(`mutation ($input: SetProjectPrinciplesInput!) { setProjectPrinciples(input: $input) { id } }`, { input: { projectId: project, principleIds: principles } }, as);
  for (const p of PARTNERS) {
    const own = p.key === 'unison';
    await call(
      `mutation ($input: RecordAgreementInput!) { recordAgreement(input: $input) { id } }`,
      {
        input: own
          ? { projectId: project, partnerId: partners[p.key], signedBy: p.rep[0], note: 'Signed at the partnership board.' }
          : {
              projectId: project,
              partnerId: partners[p.key],
              signedBy: p.rep[0],
              note: 'Signed at the partnership board.',
              representativeId: representatives[p.key],
              evidence: `Signed paper copy, partnership board of ${day(-125)}`,
            },
      },
      own ? asUnison : as,
    );
  }
  await call(`mutation ($id: ID!) { startProject(id: $id) { status } }`, { id: project }, as);

  const stages: string[] = [];
  for (const s of STAGES) {
    const added = await call(
      `mutation ($input: AddStageInput!) { addStage(input: $input) { id } }`,
      {
        input: {
          projectId: project,
          title: s.title,
          ownerPartnerId: partners[s.owner],
          dueDate: day(s.due),
          dependsOnStageIds: (s.dependsOn ?? []).map((i) => stages[i]),
          // The stage under way has a person who owns it: the partnership lead.
          ...(s.outcome === 'IN_PROGRESS' && { assigneeUserId: leadUserId }),
        },
      },
      as,
    );
    stages.push(added.addStage.id);
  }
  for (const [i, s] of STAGES.entries()) {
    const id = stages[i];
    if (s.outcome === 'DONE' || s.outcome === 'IN_PROGRESS') await call(`mutation ($id: ID!) { startStage(id: $id) { id } }`, { id }, as);
    if (s.outcome === 'DONE') {
      await call(`mutation ($input: CompleteStageInput!) { completeStage(input: $input) { id } }`, { input: { id, celebration: s.celebration } }, as);
    }
    if (s.outcome === 'BLOCKED') await call(`mutation ($input: BlockStageInput!) { blockStage(input: $input) { id } }`, { input: { id, reason: s.reason } }, as);
  }
  await call(
    `mutation ($input: CelebrateStageInput!) { celebrateStage(input: $input) { id } }`,
    {
      input: { stageId: stages[1], message: 'The carers group asked us to pass on their thanks to the ward teams.' },
    },
    as,
  );
  await call(
    `mutation ($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id } }`,
    {
      input: {
        projectId: project,
        raisedByPartnerId: partners.unison,
        principleId: principles[4],
        description: 'Draft rotas for the new facility were shared with managers before the staff side saw them.',
        concernsPartnerId: partners.board,
        concernsStageId: stages[4],
        ownerUserId: leadUserId,
        dueDate: day(14),
      },
    },
    asUnison,
  );
  // The status history: the rota concern put the project at risk; the agreed fix put it back on track.
  for (const [health, narrative] of [
    ['AT_RISK', 'Draft rotas went to managers before the staff side saw them; UNISON has raised a challenge and the workforce plan is late.'],
    ['ON_TRACK', 'The board and UNISON agreed to draft rotas together from now on; the workforce plan is back on course.'],
  ] as const) {
    await call(`mutation ($input: PostProjectUpdateInput!) { postProjectUpdate(input: $input) { id } }`, { input: { projectId: project, health, narrative } }, as);
  }
  const decision = await call(
    `mutation ($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }`,
    {
      input: {
        projectId: project,
        decidedOn: day(-3),
        text: 'Draft rotas for the new facility are written jointly by ward managers and the staff side before anyone else sees them.',
        agreedByPartnerIds: [partners.board, partners.unison],
        stageIds: [stages[4]],
        principleIds: [principles[4]],
      },
    },
    as,
  );

  const evaluation = (
    await call(
      `mutation ($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }`,
      { input: { projectId: project, title: 'Impact on the service', stageId: stages[9] } },
      as,
    )
  ).createEvaluation.id;
  for (const m of MEASURES) {
    const measure = (
      await call(
        `mutation ($input: AddMeasureInput!) { addMeasure(input: $input) { id } }`,
        {
          input: { evaluationId: evaluation, name: m.name, unit: m.unit, baseline: m.baseline, target: m.target, direction: m.direction },
        },
        as,
      )
    ).addMeasure.id;
    for (const [q, value] of m.values.entries()) {
      // One value goes in mistyped and is corrected, with its reason kept in the activity log.
      const typo = m === MEASURES[0] && q === 1;
      const recorded = await call(
        `mutation ($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`,
        {
          input: { measureId: measure, value: typo ? value + 10 : value, date: day(-120 + q * 35), source: q === 0 ? 'Baseline audit' : 'Quarterly service report' },
        },
        as,
      );
      if (typo) {
        await call(
          `mutation ($input: UpdateMeasurementInput!) { updateMeasurement(input: $input) { id } }`,
          {
            input: { id: recorded.recordMeasurement.id, value, reason: `Typed as ${value + 10} from the quarterly report; the report says ${value}.` },
          },
          as,
        );
      }
    }
  }
  await call(
    `mutation ($input: RecordInvolvementInput!) { recordInvolvement(input: $input) { id } }`,
    {
      input: {
        evaluationId: evaluation,
        partnerId: partners.voices,
        summary: 'Service users and carers chose the satisfaction measure and reviewed the first two quarters of results with the project team.',
        date: day(-20),
      },
    },
    as,
  );
  await call(`mutation ($id: ID!) { publishEvaluation(id: $id) { id } }`, { id: evaluation }, as);

  // The next evaluation is still open: service users answer its public form without an account,
  // and the team's "you said, we did" shows back on it.
  const experience = (
    await call(
      `mutation ($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }`,
      { input: { projectId: project, title: 'What service users and carers tell us' } },
      as,
    )
  ).createEvaluation.id;
  const opened = await call(
    `mutation ($input: OpenFeedbackLinkInput!) { openFeedbackLink(input: $input) { url } }`,
    { input: { evaluationId: experience, partnerId: partners.voices } },
    as,
  );
  await call(
    `mutation ($input: RecordYouSaidWeDidInput!) { recordYouSaidWeDid(input: $input) { id } }`,
    {
      input: {
        evaluationId: experience,
        youSaid: 'Staff you know well should be on the new unit from the day it opens.',
        weDid: 'Rotas are now drafted jointly with the staff side, so familiar staff can move with the service.',
        decisionId: decision.recordDecision.id,
      },
    },
    as,
  );
  // The partnership lead has the week's digest by mail on Monday mornings.
  await call(
    `mutation ($input: UpdateMyDigestSettingsInput!) { updateMyDigestSettings(input: $input) { frequency } }`,
    { input: { frequency: 'WEEKLY', timeZone: 'Europe/London', weekday: 1 } },
    as,
  );

  // The board reworded a principle: every partner must agree again. Four have; UNISON's branch
  // secretary has yet to, so the project page shows one re-agreement awaited.
  const reworded = principles[5];
  await call(
    `mutation ($input: UpdatePrincipleInput!) { updatePrinciple(input: $input) { id } }`,
    {
      input: { id: reworded, description: 'Partners share information openly and early, including draft plans, rotas and budgets, before decisions are made.' },
    },
    as,
  );
  for (const p of PARTNERS.filter((partner) => partner.key !== 'unison')) {
    await call(
      `mutation ($input: RecordAgreementInput!) { recordAgreement(input: $input) { id } }`,
      {
        input: {
          projectId: project,
          partnerId: partners[p.key],
          principleIds: [reworded],
          signedBy: p.rep[0],
          representativeId: representatives[p.key],
          evidence: `Agreed to the new wording by email, ${day(-2)}`,
        },
      },
      as,
    );
  }
  return { feedbackUrl: opened.openFeedbackLink.url };
}
