/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ActivityHistory($projectId: ID, $types: [String!], $after: String) {\n    activity(newestFirst: true, first: 20, projectId: $projectId, types: $types, after: $after) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges {\n        cursor\n        node { cursor type occurredAt actor entityType entityId summary project { id name } changes { field from to } }\n      }\n    }\n  }\n": typeof types.ActivityHistoryDocument,
    "\n  query ProjectNames {\n    projects(first: 100) { nodes { id name } }\n  }\n": typeof types.ProjectNamesDocument,
    "\n  query CelebrationHistory($projectId: ID, $after: String) {\n    celebrations(first: 20, projectId: $projectId, after: $after) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges {\n        cursor\n        node {\n          id message createdAt acknowledgedBy { id name }\n          stage { id title completedAt completedBy { id name } project { id name } celebrations { id } }\n        }\n      }\n    }\n  }\n": typeof types.CelebrationHistoryDocument,
    "mutation UpdateChallenge($input: UpdateChallengeInput!) { updateChallenge(input: $input) { id dueDate isOverdue owner { id name } } }": typeof types.UpdateChallengeDocument,
    "mutation ResolveChallenge($input: ResolveChallengeInput!) { resolveChallenge(input: $input) { id status resolution isOverdue } }": typeof types.ResolveChallengeDocument,
    "mutation WithdrawChallenge($id: ID!) { withdrawChallenge(id: $id) { id status isOverdue } }": typeof types.WithdrawChallengeDocument,
    "\n  query Challenges($after: String, $status: ChallengeStatus, $overdue: Boolean) {\n    challenges(first: 10, after: $after, status: $status, overdue: $overdue) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        id status description createdAt dueDate isOverdue onBehalf evidence resolution\n        principle { id title } raisedBy { id name } representative { id name } owner { id name }\n        concernsStage { id title } concernsPartner { id name } project { id name }\n      }\n    }\n  }\n": typeof types.ChallengesDocument,
    "mutation RaiseChallenge($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id status } }": typeof types.RaiseChallengeDocument,
    "\n  query Boot {\n    viewer {\n      user { id name }\n      organisations { id role organisation { id slug name } }\n      apiKey { id name role }\n    }\n    organisation { id slug name }\n  }\n": typeof types.BootDocument,
    "mutation SignOutEverywhere { signOutEverywhere }": typeof types.SignOutEverywhereDocument,
    "\n  query Overview($after: String) {\n    projects(first: 10, after: $after) {\n      nodes {\n        id name summary status targetDate\n        latestUpdate { id health createdAt }\n        progress { total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }\n        challenges { id status }\n        stages { id title status isLate dueDate blockedReason }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.OverviewDocument,
    "\n  query Project($id: ID!) {\n    project(id: $id) {\n      id name summary goals status availableActions startDate targetDate version archivedAt\n      progress { total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }\n      partners { role partner { id name kind } }\n      principles { id title position version }\n      agreements { id current onBehalf evidence signedBy principleVersion partner { id name } principle { id } }\n      missingAgreements { partner { id name } principle { id } }\n      stages {\n        id title description position status dueDate isLate blockedReason completedAt version availableActions\n        owner { id name }\n        assignee { id name }\n        dependsOn { id title status }\n        celebrations { id message createdAt }\n      }\n      evaluations { id title status }\n      updates(first: 10) { totalCount nodes { id health narrative createdAt postedBy { id name } } }\n      decisions(first: 20) {\n        totalCount\n        nodes {\n          id decidedOn text createdAt recordedBy { id name }\n          agreedBy { id name } stages { id title } challenges { id description } principles { id title }\n        }\n      }\n      challenges {\n        id status description createdAt dueDate isOverdue onBehalf evidence resolution\n        principle { id title } raisedBy { id name } representative { id name } owner { id name }\n        concernsStage { id title } concernsPartner { id name } project { id name }\n      }\n    }\n  }\n": typeof types.ProjectDocument,
    "\n  query LatestActivity($first: Int!) {\n    activity(newestFirst: true, first: $first) {\n      nodes { cursor type occurredAt actor entityType summary }\n    }\n  }\n": typeof types.LatestActivityDocument,
    "\n  query ActivityPage($after: String) {\n    activity(first: 50, after: $after) {\n      nodes { cursor type occurredAt actor entityType summary }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ActivityPageDocument,
    "mutation StartStage($id: ID!) { startStage(id: $id) { id status availableActions } }": typeof types.StartStageDocument,
    "mutation BlockStage($input: BlockStageInput!) { blockStage(input: $input) { id status blockedReason availableActions } }": typeof types.BlockStageDocument,
    "mutation CompleteStage($input: CompleteStageInput!) { completeStage(input: $input) { id status availableActions } }": typeof types.CompleteStageDocument,
    "mutation CancelStage($id: ID!) { cancelStage(id: $id) { id status availableActions } }": typeof types.CancelStageDocument,
    "mutation MoveStage($input: MoveStageInput!) { moveStage(input: $input) { id } }": typeof types.MoveStageDocument,
    "\n  query DecisionLog($projectId: ID, $after: String) {\n    decisions(first: 20, projectId: $projectId, after: $after) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges {\n        cursor\n        node {\n          id decidedOn text createdAt recordedBy { id name } project { id name }\n          agreedBy { id name } stages { id title } challenges { id description } principles { id title }\n        }\n      }\n    }\n  }\n": typeof types.DecisionLogDocument,
    "\n  query Corrections($projectId: ID!) {\n    activity(projectId: $projectId, types: [\"MEASUREMENT_CORRECTED\"], newestFirst: true, first: 100) {\n      nodes { cursor entityId occurredAt actor reason changes { field from to } }\n    }\n  }\n": typeof types.CorrectionsDocument,
    "\n  query Evaluation($id: ID!) {\n    evaluation(id: $id) {\n      id title status\n      project { id name archivedAt }\n      stage { id title }\n      measures {\n        id name unit baseline target direction changeFromBaseline progressToTarget\n        latest { id value date source }\n        measurements { id value date source note }\n      }\n      involvements { id summary date viaFeedbackLink partner { id name kind } }\n      feedbackLinks { id open createdAt partner { id name } }\n      youSaidWeDid { id youSaid weDid }\n    }\n  }\n": typeof types.EvaluationDocument,
    "query FeedbackPartners { partners(first: 100) { nodes { id name kind } } }": typeof types.FeedbackPartnersDocument,
    "mutation OpenFeedbackLink($input: OpenFeedbackLinkInput!) { openFeedbackLink(input: $input) { url link { id } } }": typeof types.OpenFeedbackLinkDocument,
    "mutation CloseFeedbackLink($id: ID!) { closeFeedbackLink(id: $id) { id open } }": typeof types.CloseFeedbackLinkDocument,
    "mutation RecordYouSaidWeDid($input: RecordYouSaidWeDidInput!) { recordYouSaidWeDid(input: $input) { id } }": typeof types.RecordYouSaidWeDidDocument,
    "query InvolvementPartners { partners(first: 100) { nodes { id name kind } } }": typeof types.InvolvementPartnersDocument,
    "mutation RecordInvolvement($input: RecordInvolvementInput!) { recordInvolvement(input: $input) { id } }": typeof types.RecordInvolvementDocument,
    "mutation AddMeasure($input: AddMeasureInput!) { addMeasure(input: $input) { id } }": typeof types.AddMeasureDocument,
    "mutation RecordMeasurement($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }": typeof types.RecordMeasurementDocument,
    "mutation UpdateMeasurement($input: UpdateMeasurementInput!) { updateMeasurement(input: $input) { id } }": typeof types.UpdateMeasurementDocument,
    "mutation CreateEvaluation($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }": typeof types.CreateEvaluationDocument,
    "mutation PublishEvaluation($id: ID!) { publishEvaluation(id: $id) { id status } }": typeof types.PublishEvaluationDocument,
    "mutation ReopenEvaluation($input: ReopenEvaluationInput!) { reopenEvaluation(input: $input) { id status } }": typeof types.ReopenEvaluationDocument,
    "query ProjectName($id: ID!) { node(id: $id) { id ... on Project { name } } }": typeof types.ProjectNameDocument,
    "mutation RequestPasswordReset($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }": typeof types.RequestPasswordResetDocument,
    "mutation AcceptInvitation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token user { id name } } }": typeof types.AcceptInvitationDocument,
    "query SignedInAs { viewer { user { id name email } } }": typeof types.SignedInAsDocument,
    "\n  query Memberships {\n    viewer {\n      user { id name }\n      organisations { id role organisation { id slug name } }\n    }\n  }\n": typeof types.MembershipsDocument,
    "mutation CreateOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id slug name } }": typeof types.CreateOrganisationDocument,
    "mutation ResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) { token user { id name } } }": typeof types.ResetPasswordDocument,
    "mutation LogIn($input: LogInInput!) { logIn(input: $input) { token user { id name } } }": typeof types.LogInDocument,
    "mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id name } } }": typeof types.SignUpDocument,
    "\n  subscription Activity($after: String) {\n    activity(after: $after) {\n      cursor type occurredAt actor entityType summary\n    }\n  }\n": typeof types.ActivityDocument,
    "\n  subscription StageUpdated {\n    stageUpdated {\n      type cursor\n      celebration { id message }\n      stage { id title owner { id name } }\n      project { id name }\n    }\n  }\n": typeof types.StageUpdatedDocument,
    "\n  query Archived($types: [String!]!) {\n    archived(types: $types) {\n      id\n      ... on Partner { name archivedAt }\n      ... on Representative { name archivedAt partner { id name } }\n      ... on Principle { title archivedAt }\n    }\n  }\n": typeof types.ArchivedDocument,
    "mutation Archive($id: ID!) { archive(id: $id) { id } }": typeof types.ArchiveDocument,
    "mutation Restore($id: ID!) { restore(id: $id) { id } }": typeof types.RestoreDocument,
    "\n  query ApiKeys($after: String) {\n    organisation {\n      id\n      apiKeys(first: 50, after: $after) {\n        nodes { id name role createdAt revokedAt }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { secret apiKey { id name role createdAt revokedAt } }\n  }\n": typeof types.CreateApiKeyDocument,
    "mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }": typeof types.RevokeApiKeyDocument,
    "\n  query Invitations {\n    organisation {\n      id\n      invitations {\n        id email role status createdAt expiresAt\n        invitedBy { id name }\n        representative { id name partner { id name } }\n      }\n    }\n    partners(first: 50) {\n      nodes { id name representatives { id name user { id } } }\n    }\n  }\n": typeof types.InvitationsDocument,
    "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) { id email role status link }\n  }\n": typeof types.InviteMemberDocument,
    "mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id status } }": typeof types.RevokeInvitationDocument,
    "\n  query Members($emails: Boolean!) {\n    organisation {\n      id\n      members {\n        id role\n        user { id name email @include(if: $emails) }\n      }\n    }\n  }\n": typeof types.MembersDocument,
    "mutation ChangeMemberRole($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { id role } }": typeof types.ChangeMemberRoleDocument,
    "mutation RemoveMember($input: RemoveMemberInput!) { removeMember(input: $input) { id } }": typeof types.RemoveMemberDocument,
    "\n  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(input: $input) { id url description eventTypes }\n  }\n": typeof types.UpdateWebhookEndpointDocument,
    "\n  query WebhookDeliveries($id: ID!, $after: String) {\n    webhookEndpoint(id: $id) {\n      id\n      deliveries(first: 20, after: $after) {\n        nodes {\n          id eventType eventId status attemptCount responseStatus durationMs lastError createdAt lastAttemptAt nextAttemptAt\n          attempts { number startedAt responseStatus durationMs error manual }\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.WebhookDeliveriesDocument,
    "mutation RedeliverWebhook($deliveryId: ID!) { redeliverWebhook(deliveryId: $deliveryId) { id status nextAttemptAt attemptCount } }": typeof types.RedeliverWebhookDocument,
    "\n  query WebhookEndpoints {\n    webhookEndpoints(first: 100) {\n      nodes { id url description eventTypes enabled disabledAt disabledReason consecutiveFailures createdAt secretRotatedAt }\n    }\n  }\n": typeof types.WebhookEndpointsDocument,
    "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) { secret endpoint { id url } }\n  }\n": typeof types.CreateWebhookEndpointDocument,
    "mutation DisableWebhookEndpoint($id: ID!) { disableWebhookEndpoint(id: $id) { id enabled disabledAt disabledReason } }": typeof types.DisableWebhookEndpointDocument,
    "mutation EnableWebhookEndpoint($id: ID!) { enableWebhookEndpoint(id: $id) { id enabled disabledAt disabledReason consecutiveFailures } }": typeof types.EnableWebhookEndpointDocument,
    "mutation RotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { id secretRotatedAt } } }": typeof types.RotateWebhookSecretDocument,
    "mutation DeleteWebhookEndpoint($id: ID!) { deleteWebhookEndpoint(id: $id) }": typeof types.DeleteWebhookEndpointDocument,
    "mutation CreatePartner($input: CreatePartnerInput!) { createPartner(input: $input) { id name kind description version } }": typeof types.CreatePartnerDocument,
    "mutation UpdatePartner($input: UpdatePartnerInput!) { updatePartner(input: $input) { id name kind description version } }": typeof types.UpdatePartnerDocument,
    "mutation AddRepresentative($input: AddRepresentativeInput!) { addRepresentative(input: $input) { id name } }": typeof types.AddRepresentativeDocument,
    "\n  query Partners {\n    partners(first: 100) {\n      nodes {\n        id name kind description version\n        representatives { id name roleTitle email user { id name } }\n      }\n      pageInfo { hasNextPage }\n    }\n  }\n": typeof types.PartnersDocument,
    "query MemberChoices { organisation { id members { id user { id name } } } }": typeof types.MemberChoicesDocument,
    "mutation LinkRepresentative($input: LinkRepresentativeInput!) { linkRepresentative(input: $input) { id user { id name } } }": typeof types.LinkRepresentativeDocument,
    "mutation AddStage($input: AddStageInput!) { addStage(input: $input) { id title position } }": typeof types.AddStageDocument,
    "\n  mutation UpdateStage($input: UpdateStageInput!) {\n    updateStage(input: $input) { id title description dueDate version owner { id name } assignee { id name } dependsOn { id title status } availableActions }\n  }\n": typeof types.UpdateStageDocument,
    "query Principles { principles { id title description position source version } }": typeof types.PrinciplesDocument,
    "mutation AdoptPrincipleSet($set: PrincipleSet!) { adoptPrincipleSet(set: $set) { id } }": typeof types.AdoptPrincipleSetDocument,
    "mutation CreatePrinciple($input: CreatePrincipleInput!) { createPrinciple(input: $input) { id title description position source version } }": typeof types.CreatePrincipleDocument,
    "mutation UpdatePrinciple($input: UpdatePrincipleInput!) { updatePrinciple(input: $input) { id title description version outdatedAgreements } }": typeof types.UpdatePrincipleDocument,
    "\n  mutation RecordAgreement($input: RecordAgreementInput!) { recordAgreement(input: $input) { id current onBehalf evidence signedBy principleVersion } }\n": typeof types.RecordAgreementDocument,
    "\n  mutation SetProjectPrinciples($input: SetProjectPrinciplesInput!) { setProjectPrinciples(input: $input) { id principles { id title position version } } }\n": typeof types.SetProjectPrinciplesDocument,
    "mutation RecordDecision($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }": typeof types.RecordDecisionDocument,
    "mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { id name status } }": typeof types.CreateProjectDocument,
    "\n  query FormOptions {\n    viewer {\n      apiKey { id role }\n      organisations { id role organisation { id slug } representing { id name partner { id } } }\n    }\n    organisation { id slug members { id role user { id name } } }\n    partners(first: 100) { nodes { id name representatives { id name } } }\n    principles { id title }\n  }\n": typeof types.FormOptionsDocument,
    "\n  mutation InvolvePartner($input: InvolvePartnerInput!) { involvePartner(input: $input) { id partners { role partner { id name kind } } } }\n": typeof types.InvolvePartnerDocument,
    "\n  mutation UpdateProject($input: UpdateProjectInput!) { updateProject(input: $input) { id name summary goals startDate targetDate version } }\n": typeof types.UpdateProjectDocument,
    "mutation StartProject($id: ID!) { startProject(id: $id) { id status version availableActions } }": typeof types.StartProjectDocument,
    "mutation ChangeProjectStatus($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { id status version availableActions } }": typeof types.ChangeProjectStatusDocument,
    "mutation PostProjectUpdate($input: PostProjectUpdateInput!) { postProjectUpdate(input: $input) { id } }": typeof types.PostProjectUpdateDocument,
    "\n  query BoardReportLinks($projectId: ID, $from: Date, $to: Date) {\n    pdf: boardReportDownload(projectId: $projectId, from: $from, to: $to, format: PDF)\n    csv: boardReportDownload(projectId: $projectId, from: $from, to: $to, format: CSV)\n  }\n": typeof types.BoardReportLinksDocument,
    "\n  query MyDigest {\n    organisation { id }\n    viewer { organisations { id organisation { id } digest { frequency timeZone weekday chosen } } }\n  }\n": typeof types.MyDigestDocument,
    "\n  mutation UpdateMyDigestSettings($input: UpdateMyDigestSettingsInput!) {\n    updateMyDigestSettings(input: $input) { frequency timeZone weekday chosen }\n  }\n": typeof types.UpdateMyDigestSettingsDocument,
    "\n  query Wall {\n    projects(first: 20, status: ACTIVE) {\n      nodes {\n        id name summary\n        progress { total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }\n        challenges { id status }\n        stages { id title status isLate dueDate blockedReason owner { id name } }\n      }\n      totalCount\n    }\n  }\n": typeof types.WallDocument,
    "\n  query WallCelebrations {\n    celebrations(first: 4) {\n      nodes { id message createdAt stage { id title project { id name } } }\n    }\n  }\n": typeof types.WallCelebrationsDocument,
};
const documents: Documents = {
    "\n  query ActivityHistory($projectId: ID, $types: [String!], $after: String) {\n    activity(newestFirst: true, first: 20, projectId: $projectId, types: $types, after: $after) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges {\n        cursor\n        node { cursor type occurredAt actor entityType entityId summary project { id name } changes { field from to } }\n      }\n    }\n  }\n": types.ActivityHistoryDocument,
    "\n  query ProjectNames {\n    projects(first: 100) { nodes { id name } }\n  }\n": types.ProjectNamesDocument,
    "\n  query CelebrationHistory($projectId: ID, $after: String) {\n    celebrations(first: 20, projectId: $projectId, after: $after) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges {\n        cursor\n        node {\n          id message createdAt acknowledgedBy { id name }\n          stage { id title completedAt completedBy { id name } project { id name } celebrations { id } }\n        }\n      }\n    }\n  }\n": types.CelebrationHistoryDocument,
    "mutation UpdateChallenge($input: UpdateChallengeInput!) { updateChallenge(input: $input) { id dueDate isOverdue owner { id name } } }": types.UpdateChallengeDocument,
    "mutation ResolveChallenge($input: ResolveChallengeInput!) { resolveChallenge(input: $input) { id status resolution isOverdue } }": types.ResolveChallengeDocument,
    "mutation WithdrawChallenge($id: ID!) { withdrawChallenge(id: $id) { id status isOverdue } }": types.WithdrawChallengeDocument,
    "\n  query Challenges($after: String, $status: ChallengeStatus, $overdue: Boolean) {\n    challenges(first: 10, after: $after, status: $status, overdue: $overdue) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        id status description createdAt dueDate isOverdue onBehalf evidence resolution\n        principle { id title } raisedBy { id name } representative { id name } owner { id name }\n        concernsStage { id title } concernsPartner { id name } project { id name }\n      }\n    }\n  }\n": types.ChallengesDocument,
    "mutation RaiseChallenge($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id status } }": types.RaiseChallengeDocument,
    "\n  query Boot {\n    viewer {\n      user { id name }\n      organisations { id role organisation { id slug name } }\n      apiKey { id name role }\n    }\n    organisation { id slug name }\n  }\n": types.BootDocument,
    "mutation SignOutEverywhere { signOutEverywhere }": types.SignOutEverywhereDocument,
    "\n  query Overview($after: String) {\n    projects(first: 10, after: $after) {\n      nodes {\n        id name summary status targetDate\n        latestUpdate { id health createdAt }\n        progress { total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }\n        challenges { id status }\n        stages { id title status isLate dueDate blockedReason }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.OverviewDocument,
    "\n  query Project($id: ID!) {\n    project(id: $id) {\n      id name summary goals status availableActions startDate targetDate version archivedAt\n      progress { total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }\n      partners { role partner { id name kind } }\n      principles { id title position version }\n      agreements { id current onBehalf evidence signedBy principleVersion partner { id name } principle { id } }\n      missingAgreements { partner { id name } principle { id } }\n      stages {\n        id title description position status dueDate isLate blockedReason completedAt version availableActions\n        owner { id name }\n        assignee { id name }\n        dependsOn { id title status }\n        celebrations { id message createdAt }\n      }\n      evaluations { id title status }\n      updates(first: 10) { totalCount nodes { id health narrative createdAt postedBy { id name } } }\n      decisions(first: 20) {\n        totalCount\n        nodes {\n          id decidedOn text createdAt recordedBy { id name }\n          agreedBy { id name } stages { id title } challenges { id description } principles { id title }\n        }\n      }\n      challenges {\n        id status description createdAt dueDate isOverdue onBehalf evidence resolution\n        principle { id title } raisedBy { id name } representative { id name } owner { id name }\n        concernsStage { id title } concernsPartner { id name } project { id name }\n      }\n    }\n  }\n": types.ProjectDocument,
    "\n  query LatestActivity($first: Int!) {\n    activity(newestFirst: true, first: $first) {\n      nodes { cursor type occurredAt actor entityType summary }\n    }\n  }\n": types.LatestActivityDocument,
    "\n  query ActivityPage($after: String) {\n    activity(first: 50, after: $after) {\n      nodes { cursor type occurredAt actor entityType summary }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ActivityPageDocument,
    "mutation StartStage($id: ID!) { startStage(id: $id) { id status availableActions } }": types.StartStageDocument,
    "mutation BlockStage($input: BlockStageInput!) { blockStage(input: $input) { id status blockedReason availableActions } }": types.BlockStageDocument,
    "mutation CompleteStage($input: CompleteStageInput!) { completeStage(input: $input) { id status availableActions } }": types.CompleteStageDocument,
    "mutation CancelStage($id: ID!) { cancelStage(id: $id) { id status availableActions } }": types.CancelStageDocument,
    "mutation MoveStage($input: MoveStageInput!) { moveStage(input: $input) { id } }": types.MoveStageDocument,
    "\n  query DecisionLog($projectId: ID, $after: String) {\n    decisions(first: 20, projectId: $projectId, after: $after) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges {\n        cursor\n        node {\n          id decidedOn text createdAt recordedBy { id name } project { id name }\n          agreedBy { id name } stages { id title } challenges { id description } principles { id title }\n        }\n      }\n    }\n  }\n": types.DecisionLogDocument,
    "\n  query Corrections($projectId: ID!) {\n    activity(projectId: $projectId, types: [\"MEASUREMENT_CORRECTED\"], newestFirst: true, first: 100) {\n      nodes { cursor entityId occurredAt actor reason changes { field from to } }\n    }\n  }\n": types.CorrectionsDocument,
    "\n  query Evaluation($id: ID!) {\n    evaluation(id: $id) {\n      id title status\n      project { id name archivedAt }\n      stage { id title }\n      measures {\n        id name unit baseline target direction changeFromBaseline progressToTarget\n        latest { id value date source }\n        measurements { id value date source note }\n      }\n      involvements { id summary date viaFeedbackLink partner { id name kind } }\n      feedbackLinks { id open createdAt partner { id name } }\n      youSaidWeDid { id youSaid weDid }\n    }\n  }\n": types.EvaluationDocument,
    "query FeedbackPartners { partners(first: 100) { nodes { id name kind } } }": types.FeedbackPartnersDocument,
    "mutation OpenFeedbackLink($input: OpenFeedbackLinkInput!) { openFeedbackLink(input: $input) { url link { id } } }": types.OpenFeedbackLinkDocument,
    "mutation CloseFeedbackLink($id: ID!) { closeFeedbackLink(id: $id) { id open } }": types.CloseFeedbackLinkDocument,
    "mutation RecordYouSaidWeDid($input: RecordYouSaidWeDidInput!) { recordYouSaidWeDid(input: $input) { id } }": types.RecordYouSaidWeDidDocument,
    "query InvolvementPartners { partners(first: 100) { nodes { id name kind } } }": types.InvolvementPartnersDocument,
    "mutation RecordInvolvement($input: RecordInvolvementInput!) { recordInvolvement(input: $input) { id } }": types.RecordInvolvementDocument,
    "mutation AddMeasure($input: AddMeasureInput!) { addMeasure(input: $input) { id } }": types.AddMeasureDocument,
    "mutation RecordMeasurement($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }": types.RecordMeasurementDocument,
    "mutation UpdateMeasurement($input: UpdateMeasurementInput!) { updateMeasurement(input: $input) { id } }": types.UpdateMeasurementDocument,
    "mutation CreateEvaluation($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }": types.CreateEvaluationDocument,
    "mutation PublishEvaluation($id: ID!) { publishEvaluation(id: $id) { id status } }": types.PublishEvaluationDocument,
    "mutation ReopenEvaluation($input: ReopenEvaluationInput!) { reopenEvaluation(input: $input) { id status } }": types.ReopenEvaluationDocument,
    "query ProjectName($id: ID!) { node(id: $id) { id ... on Project { name } } }": types.ProjectNameDocument,
    "mutation RequestPasswordReset($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }": types.RequestPasswordResetDocument,
    "mutation AcceptInvitation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token user { id name } } }": types.AcceptInvitationDocument,
    "query SignedInAs { viewer { user { id name email } } }": types.SignedInAsDocument,
    "\n  query Memberships {\n    viewer {\n      user { id name }\n      organisations { id role organisation { id slug name } }\n    }\n  }\n": types.MembershipsDocument,
    "mutation CreateOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id slug name } }": types.CreateOrganisationDocument,
    "mutation ResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) { token user { id name } } }": types.ResetPasswordDocument,
    "mutation LogIn($input: LogInInput!) { logIn(input: $input) { token user { id name } } }": types.LogInDocument,
    "mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id name } } }": types.SignUpDocument,
    "\n  subscription Activity($after: String) {\n    activity(after: $after) {\n      cursor type occurredAt actor entityType summary\n    }\n  }\n": types.ActivityDocument,
    "\n  subscription StageUpdated {\n    stageUpdated {\n      type cursor\n      celebration { id message }\n      stage { id title owner { id name } }\n      project { id name }\n    }\n  }\n": types.StageUpdatedDocument,
    "\n  query Archived($types: [String!]!) {\n    archived(types: $types) {\n      id\n      ... on Partner { name archivedAt }\n      ... on Representative { name archivedAt partner { id name } }\n      ... on Principle { title archivedAt }\n    }\n  }\n": types.ArchivedDocument,
    "mutation Archive($id: ID!) { archive(id: $id) { id } }": types.ArchiveDocument,
    "mutation Restore($id: ID!) { restore(id: $id) { id } }": types.RestoreDocument,
    "\n  query ApiKeys($after: String) {\n    organisation {\n      id\n      apiKeys(first: 50, after: $after) {\n        nodes { id name role createdAt revokedAt }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { secret apiKey { id name role createdAt revokedAt } }\n  }\n": types.CreateApiKeyDocument,
    "mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }": types.RevokeApiKeyDocument,
    "\n  query Invitations {\n    organisation {\n      id\n      invitations {\n        id email role status createdAt expiresAt\n        invitedBy { id name }\n        representative { id name partner { id name } }\n      }\n    }\n    partners(first: 50) {\n      nodes { id name representatives { id name user { id } } }\n    }\n  }\n": types.InvitationsDocument,
    "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) { id email role status link }\n  }\n": types.InviteMemberDocument,
    "mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id status } }": types.RevokeInvitationDocument,
    "\n  query Members($emails: Boolean!) {\n    organisation {\n      id\n      members {\n        id role\n        user { id name email @include(if: $emails) }\n      }\n    }\n  }\n": types.MembersDocument,
    "mutation ChangeMemberRole($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { id role } }": types.ChangeMemberRoleDocument,
    "mutation RemoveMember($input: RemoveMemberInput!) { removeMember(input: $input) { id } }": types.RemoveMemberDocument,
    "\n  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(input: $input) { id url description eventTypes }\n  }\n": types.UpdateWebhookEndpointDocument,
    "\n  query WebhookDeliveries($id: ID!, $after: String) {\n    webhookEndpoint(id: $id) {\n      id\n      deliveries(first: 20, after: $after) {\n        nodes {\n          id eventType eventId status attemptCount responseStatus durationMs lastError createdAt lastAttemptAt nextAttemptAt\n          attempts { number startedAt responseStatus durationMs error manual }\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.WebhookDeliveriesDocument,
    "mutation RedeliverWebhook($deliveryId: ID!) { redeliverWebhook(deliveryId: $deliveryId) { id status nextAttemptAt attemptCount } }": types.RedeliverWebhookDocument,
    "\n  query WebhookEndpoints {\n    webhookEndpoints(first: 100) {\n      nodes { id url description eventTypes enabled disabledAt disabledReason consecutiveFailures createdAt secretRotatedAt }\n    }\n  }\n": types.WebhookEndpointsDocument,
    "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) { secret endpoint { id url } }\n  }\n": types.CreateWebhookEndpointDocument,
    "mutation DisableWebhookEndpoint($id: ID!) { disableWebhookEndpoint(id: $id) { id enabled disabledAt disabledReason } }": types.DisableWebhookEndpointDocument,
    "mutation EnableWebhookEndpoint($id: ID!) { enableWebhookEndpoint(id: $id) { id enabled disabledAt disabledReason consecutiveFailures } }": types.EnableWebhookEndpointDocument,
    "mutation RotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { id secretRotatedAt } } }": types.RotateWebhookSecretDocument,
    "mutation DeleteWebhookEndpoint($id: ID!) { deleteWebhookEndpoint(id: $id) }": types.DeleteWebhookEndpointDocument,
    "mutation CreatePartner($input: CreatePartnerInput!) { createPartner(input: $input) { id name kind description version } }": types.CreatePartnerDocument,
    "mutation UpdatePartner($input: UpdatePartnerInput!) { updatePartner(input: $input) { id name kind description version } }": types.UpdatePartnerDocument,
    "mutation AddRepresentative($input: AddRepresentativeInput!) { addRepresentative(input: $input) { id name } }": types.AddRepresentativeDocument,
    "\n  query Partners {\n    partners(first: 100) {\n      nodes {\n        id name kind description version\n        representatives { id name roleTitle email user { id name } }\n      }\n      pageInfo { hasNextPage }\n    }\n  }\n": types.PartnersDocument,
    "query MemberChoices { organisation { id members { id user { id name } } } }": types.MemberChoicesDocument,
    "mutation LinkRepresentative($input: LinkRepresentativeInput!) { linkRepresentative(input: $input) { id user { id name } } }": types.LinkRepresentativeDocument,
    "mutation AddStage($input: AddStageInput!) { addStage(input: $input) { id title position } }": types.AddStageDocument,
    "\n  mutation UpdateStage($input: UpdateStageInput!) {\n    updateStage(input: $input) { id title description dueDate version owner { id name } assignee { id name } dependsOn { id title status } availableActions }\n  }\n": types.UpdateStageDocument,
    "query Principles { principles { id title description position source version } }": types.PrinciplesDocument,
    "mutation AdoptPrincipleSet($set: PrincipleSet!) { adoptPrincipleSet(set: $set) { id } }": types.AdoptPrincipleSetDocument,
    "mutation CreatePrinciple($input: CreatePrincipleInput!) { createPrinciple(input: $input) { id title description position source version } }": types.CreatePrincipleDocument,
    "mutation UpdatePrinciple($input: UpdatePrincipleInput!) { updatePrinciple(input: $input) { id title description version outdatedAgreements } }": types.UpdatePrincipleDocument,
    "\n  mutation RecordAgreement($input: RecordAgreementInput!) { recordAgreement(input: $input) { id current onBehalf evidence signedBy principleVersion } }\n": types.RecordAgreementDocument,
    "\n  mutation SetProjectPrinciples($input: SetProjectPrinciplesInput!) { setProjectPrinciples(input: $input) { id principles { id title position version } } }\n": types.SetProjectPrinciplesDocument,
    "mutation RecordDecision($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }": types.RecordDecisionDocument,
    "mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { id name status } }": types.CreateProjectDocument,
    "\n  query FormOptions {\n    viewer {\n      apiKey { id role }\n      organisations { id role organisation { id slug } representing { id name partner { id } } }\n    }\n    organisation { id slug members { id role user { id name } } }\n    partners(first: 100) { nodes { id name representatives { id name } } }\n    principles { id title }\n  }\n": types.FormOptionsDocument,
    "\n  mutation InvolvePartner($input: InvolvePartnerInput!) { involvePartner(input: $input) { id partners { role partner { id name kind } } } }\n": types.InvolvePartnerDocument,
    "\n  mutation UpdateProject($input: UpdateProjectInput!) { updateProject(input: $input) { id name summary goals startDate targetDate version } }\n": types.UpdateProjectDocument,
    "mutation StartProject($id: ID!) { startProject(id: $id) { id status version availableActions } }": types.StartProjectDocument,
    "mutation ChangeProjectStatus($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { id status version availableActions } }": types.ChangeProjectStatusDocument,
    "mutation PostProjectUpdate($input: PostProjectUpdateInput!) { postProjectUpdate(input: $input) { id } }": types.PostProjectUpdateDocument,
    "\n  query BoardReportLinks($projectId: ID, $from: Date, $to: Date) {\n    pdf: boardReportDownload(projectId: $projectId, from: $from, to: $to, format: PDF)\n    csv: boardReportDownload(projectId: $projectId, from: $from, to: $to, format: CSV)\n  }\n": types.BoardReportLinksDocument,
    "\n  query MyDigest {\n    organisation { id }\n    viewer { organisations { id organisation { id } digest { frequency timeZone weekday chosen } } }\n  }\n": types.MyDigestDocument,
    "\n  mutation UpdateMyDigestSettings($input: UpdateMyDigestSettingsInput!) {\n    updateMyDigestSettings(input: $input) { frequency timeZone weekday chosen }\n  }\n": types.UpdateMyDigestSettingsDocument,
    "\n  query Wall {\n    projects(first: 20, status: ACTIVE) {\n      nodes {\n        id name summary\n        progress { total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }\n        challenges { id status }\n        stages { id title status isLate dueDate blockedReason owner { id name } }\n      }\n      totalCount\n    }\n  }\n": types.WallDocument,
    "\n  query WallCelebrations {\n    celebrations(first: 4) {\n      nodes { id message createdAt stage { id title project { id name } } }\n    }\n  }\n": types.WallCelebrationsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ActivityHistory($projectId: ID, $types: [String!], $after: String) {\n    activity(newestFirst: true, first: 20, projectId: $projectId, types: $types, after: $after) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges {\n        cursor\n        node { cursor type occurredAt actor entityType entityId summary project { id name } changes { field from to } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ActivityHistory($projectId: ID, $types: [String!], $after: String) {\n    activity(newestFirst: true, first: 20, projectId: $projectId, types: $types, after: $after) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges {\n        cursor\n        node { cursor type occurredAt actor entityType entityId summary project { id name } changes { field from to } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProjectNames {\n    projects(first: 100) { nodes { id name } }\n  }\n"): (typeof documents)["\n  query ProjectNames {\n    projects(first: 100) { nodes { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CelebrationHistory($projectId: ID, $after: String) {\n    celebrations(first: 20, projectId: $projectId, after: $after) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges {\n        cursor\n        node {\n          id message createdAt acknowledgedBy { id name }\n          stage { id title completedAt completedBy { id name } project { id name } celebrations { id } }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CelebrationHistory($projectId: ID, $after: String) {\n    celebrations(first: 20, projectId: $projectId, after: $after) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges {\n        cursor\n        node {\n          id message createdAt acknowledgedBy { id name }\n          stage { id title completedAt completedBy { id name } project { id name } celebrations { id } }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateChallenge($input: UpdateChallengeInput!) { updateChallenge(input: $input) { id dueDate isOverdue owner { id name } } }"): (typeof documents)["mutation UpdateChallenge($input: UpdateChallengeInput!) { updateChallenge(input: $input) { id dueDate isOverdue owner { id name } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ResolveChallenge($input: ResolveChallengeInput!) { resolveChallenge(input: $input) { id status resolution isOverdue } }"): (typeof documents)["mutation ResolveChallenge($input: ResolveChallengeInput!) { resolveChallenge(input: $input) { id status resolution isOverdue } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation WithdrawChallenge($id: ID!) { withdrawChallenge(id: $id) { id status isOverdue } }"): (typeof documents)["mutation WithdrawChallenge($id: ID!) { withdrawChallenge(id: $id) { id status isOverdue } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Challenges($after: String, $status: ChallengeStatus, $overdue: Boolean) {\n    challenges(first: 10, after: $after, status: $status, overdue: $overdue) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        id status description createdAt dueDate isOverdue onBehalf evidence resolution\n        principle { id title } raisedBy { id name } representative { id name } owner { id name }\n        concernsStage { id title } concernsPartner { id name } project { id name }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Challenges($after: String, $status: ChallengeStatus, $overdue: Boolean) {\n    challenges(first: 10, after: $after, status: $status, overdue: $overdue) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        id status description createdAt dueDate isOverdue onBehalf evidence resolution\n        principle { id title } raisedBy { id name } representative { id name } owner { id name }\n        concernsStage { id title } concernsPartner { id name } project { id name }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RaiseChallenge($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id status } }"): (typeof documents)["mutation RaiseChallenge($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id status } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Boot {\n    viewer {\n      user { id name }\n      organisations { id role organisation { id slug name } }\n      apiKey { id name role }\n    }\n    organisation { id slug name }\n  }\n"): (typeof documents)["\n  query Boot {\n    viewer {\n      user { id name }\n      organisations { id role organisation { id slug name } }\n      apiKey { id name role }\n    }\n    organisation { id slug name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SignOutEverywhere { signOutEverywhere }"): (typeof documents)["mutation SignOutEverywhere { signOutEverywhere }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Overview($after: String) {\n    projects(first: 10, after: $after) {\n      nodes {\n        id name summary status targetDate\n        latestUpdate { id health createdAt }\n        progress { total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }\n        challenges { id status }\n        stages { id title status isLate dueDate blockedReason }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Overview($after: String) {\n    projects(first: 10, after: $after) {\n      nodes {\n        id name summary status targetDate\n        latestUpdate { id health createdAt }\n        progress { total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }\n        challenges { id status }\n        stages { id title status isLate dueDate blockedReason }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Project($id: ID!) {\n    project(id: $id) {\n      id name summary goals status availableActions startDate targetDate version archivedAt\n      progress { total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }\n      partners { role partner { id name kind } }\n      principles { id title position version }\n      agreements { id current onBehalf evidence signedBy principleVersion partner { id name } principle { id } }\n      missingAgreements { partner { id name } principle { id } }\n      stages {\n        id title description position status dueDate isLate blockedReason completedAt version availableActions\n        owner { id name }\n        assignee { id name }\n        dependsOn { id title status }\n        celebrations { id message createdAt }\n      }\n      evaluations { id title status }\n      updates(first: 10) { totalCount nodes { id health narrative createdAt postedBy { id name } } }\n      decisions(first: 20) {\n        totalCount\n        nodes {\n          id decidedOn text createdAt recordedBy { id name }\n          agreedBy { id name } stages { id title } challenges { id description } principles { id title }\n        }\n      }\n      challenges {\n        id status description createdAt dueDate isOverdue onBehalf evidence resolution\n        principle { id title } raisedBy { id name } representative { id name } owner { id name }\n        concernsStage { id title } concernsPartner { id name } project { id name }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Project($id: ID!) {\n    project(id: $id) {\n      id name summary goals status availableActions startDate targetDate version archivedAt\n      progress { total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }\n      partners { role partner { id name kind } }\n      principles { id title position version }\n      agreements { id current onBehalf evidence signedBy principleVersion partner { id name } principle { id } }\n      missingAgreements { partner { id name } principle { id } }\n      stages {\n        id title description position status dueDate isLate blockedReason completedAt version availableActions\n        owner { id name }\n        assignee { id name }\n        dependsOn { id title status }\n        celebrations { id message createdAt }\n      }\n      evaluations { id title status }\n      updates(first: 10) { totalCount nodes { id health narrative createdAt postedBy { id name } } }\n      decisions(first: 20) {\n        totalCount\n        nodes {\n          id decidedOn text createdAt recordedBy { id name }\n          agreedBy { id name } stages { id title } challenges { id description } principles { id title }\n        }\n      }\n      challenges {\n        id status description createdAt dueDate isOverdue onBehalf evidence resolution\n        principle { id title } raisedBy { id name } representative { id name } owner { id name }\n        concernsStage { id title } concernsPartner { id name } project { id name }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LatestActivity($first: Int!) {\n    activity(newestFirst: true, first: $first) {\n      nodes { cursor type occurredAt actor entityType summary }\n    }\n  }\n"): (typeof documents)["\n  query LatestActivity($first: Int!) {\n    activity(newestFirst: true, first: $first) {\n      nodes { cursor type occurredAt actor entityType summary }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ActivityPage($after: String) {\n    activity(first: 50, after: $after) {\n      nodes { cursor type occurredAt actor entityType summary }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query ActivityPage($after: String) {\n    activity(first: 50, after: $after) {\n      nodes { cursor type occurredAt actor entityType summary }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation StartStage($id: ID!) { startStage(id: $id) { id status availableActions } }"): (typeof documents)["mutation StartStage($id: ID!) { startStage(id: $id) { id status availableActions } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation BlockStage($input: BlockStageInput!) { blockStage(input: $input) { id status blockedReason availableActions } }"): (typeof documents)["mutation BlockStage($input: BlockStageInput!) { blockStage(input: $input) { id status blockedReason availableActions } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CompleteStage($input: CompleteStageInput!) { completeStage(input: $input) { id status availableActions } }"): (typeof documents)["mutation CompleteStage($input: CompleteStageInput!) { completeStage(input: $input) { id status availableActions } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CancelStage($id: ID!) { cancelStage(id: $id) { id status availableActions } }"): (typeof documents)["mutation CancelStage($id: ID!) { cancelStage(id: $id) { id status availableActions } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation MoveStage($input: MoveStageInput!) { moveStage(input: $input) { id } }"): (typeof documents)["mutation MoveStage($input: MoveStageInput!) { moveStage(input: $input) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DecisionLog($projectId: ID, $after: String) {\n    decisions(first: 20, projectId: $projectId, after: $after) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges {\n        cursor\n        node {\n          id decidedOn text createdAt recordedBy { id name } project { id name }\n          agreedBy { id name } stages { id title } challenges { id description } principles { id title }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DecisionLog($projectId: ID, $after: String) {\n    decisions(first: 20, projectId: $projectId, after: $after) {\n      totalCount\n      pageInfo { hasNextPage }\n      edges {\n        cursor\n        node {\n          id decidedOn text createdAt recordedBy { id name } project { id name }\n          agreedBy { id name } stages { id title } challenges { id description } principles { id title }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Corrections($projectId: ID!) {\n    activity(projectId: $projectId, types: [\"MEASUREMENT_CORRECTED\"], newestFirst: true, first: 100) {\n      nodes { cursor entityId occurredAt actor reason changes { field from to } }\n    }\n  }\n"): (typeof documents)["\n  query Corrections($projectId: ID!) {\n    activity(projectId: $projectId, types: [\"MEASUREMENT_CORRECTED\"], newestFirst: true, first: 100) {\n      nodes { cursor entityId occurredAt actor reason changes { field from to } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Evaluation($id: ID!) {\n    evaluation(id: $id) {\n      id title status\n      project { id name archivedAt }\n      stage { id title }\n      measures {\n        id name unit baseline target direction changeFromBaseline progressToTarget\n        latest { id value date source }\n        measurements { id value date source note }\n      }\n      involvements { id summary date viaFeedbackLink partner { id name kind } }\n      feedbackLinks { id open createdAt partner { id name } }\n      youSaidWeDid { id youSaid weDid }\n    }\n  }\n"): (typeof documents)["\n  query Evaluation($id: ID!) {\n    evaluation(id: $id) {\n      id title status\n      project { id name archivedAt }\n      stage { id title }\n      measures {\n        id name unit baseline target direction changeFromBaseline progressToTarget\n        latest { id value date source }\n        measurements { id value date source note }\n      }\n      involvements { id summary date viaFeedbackLink partner { id name kind } }\n      feedbackLinks { id open createdAt partner { id name } }\n      youSaidWeDid { id youSaid weDid }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query FeedbackPartners { partners(first: 100) { nodes { id name kind } } }"): (typeof documents)["query FeedbackPartners { partners(first: 100) { nodes { id name kind } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation OpenFeedbackLink($input: OpenFeedbackLinkInput!) { openFeedbackLink(input: $input) { url link { id } } }"): (typeof documents)["mutation OpenFeedbackLink($input: OpenFeedbackLinkInput!) { openFeedbackLink(input: $input) { url link { id } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CloseFeedbackLink($id: ID!) { closeFeedbackLink(id: $id) { id open } }"): (typeof documents)["mutation CloseFeedbackLink($id: ID!) { closeFeedbackLink(id: $id) { id open } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RecordYouSaidWeDid($input: RecordYouSaidWeDidInput!) { recordYouSaidWeDid(input: $input) { id } }"): (typeof documents)["mutation RecordYouSaidWeDid($input: RecordYouSaidWeDidInput!) { recordYouSaidWeDid(input: $input) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query InvolvementPartners { partners(first: 100) { nodes { id name kind } } }"): (typeof documents)["query InvolvementPartners { partners(first: 100) { nodes { id name kind } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RecordInvolvement($input: RecordInvolvementInput!) { recordInvolvement(input: $input) { id } }"): (typeof documents)["mutation RecordInvolvement($input: RecordInvolvementInput!) { recordInvolvement(input: $input) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AddMeasure($input: AddMeasureInput!) { addMeasure(input: $input) { id } }"): (typeof documents)["mutation AddMeasure($input: AddMeasureInput!) { addMeasure(input: $input) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RecordMeasurement($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }"): (typeof documents)["mutation RecordMeasurement($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateMeasurement($input: UpdateMeasurementInput!) { updateMeasurement(input: $input) { id } }"): (typeof documents)["mutation UpdateMeasurement($input: UpdateMeasurementInput!) { updateMeasurement(input: $input) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateEvaluation($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }"): (typeof documents)["mutation CreateEvaluation($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PublishEvaluation($id: ID!) { publishEvaluation(id: $id) { id status } }"): (typeof documents)["mutation PublishEvaluation($id: ID!) { publishEvaluation(id: $id) { id status } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ReopenEvaluation($input: ReopenEvaluationInput!) { reopenEvaluation(input: $input) { id status } }"): (typeof documents)["mutation ReopenEvaluation($input: ReopenEvaluationInput!) { reopenEvaluation(input: $input) { id status } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ProjectName($id: ID!) { node(id: $id) { id ... on Project { name } } }"): (typeof documents)["query ProjectName($id: ID!) { node(id: $id) { id ... on Project { name } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RequestPasswordReset($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }"): (typeof documents)["mutation RequestPasswordReset($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AcceptInvitation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token user { id name } } }"): (typeof documents)["mutation AcceptInvitation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token user { id name } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SignedInAs { viewer { user { id name email } } }"): (typeof documents)["query SignedInAs { viewer { user { id name email } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Memberships {\n    viewer {\n      user { id name }\n      organisations { id role organisation { id slug name } }\n    }\n  }\n"): (typeof documents)["\n  query Memberships {\n    viewer {\n      user { id name }\n      organisations { id role organisation { id slug name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id slug name } }"): (typeof documents)["mutation CreateOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id slug name } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) { token user { id name } } }"): (typeof documents)["mutation ResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) { token user { id name } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LogIn($input: LogInInput!) { logIn(input: $input) { token user { id name } } }"): (typeof documents)["mutation LogIn($input: LogInInput!) { logIn(input: $input) { token user { id name } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id name } } }"): (typeof documents)["mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id name } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Activity($after: String) {\n    activity(after: $after) {\n      cursor type occurredAt actor entityType summary\n    }\n  }\n"): (typeof documents)["\n  subscription Activity($after: String) {\n    activity(after: $after) {\n      cursor type occurredAt actor entityType summary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StageUpdated {\n    stageUpdated {\n      type cursor\n      celebration { id message }\n      stage { id title owner { id name } }\n      project { id name }\n    }\n  }\n"): (typeof documents)["\n  subscription StageUpdated {\n    stageUpdated {\n      type cursor\n      celebration { id message }\n      stage { id title owner { id name } }\n      project { id name }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Archived($types: [String!]!) {\n    archived(types: $types) {\n      id\n      ... on Partner { name archivedAt }\n      ... on Representative { name archivedAt partner { id name } }\n      ... on Principle { title archivedAt }\n    }\n  }\n"): (typeof documents)["\n  query Archived($types: [String!]!) {\n    archived(types: $types) {\n      id\n      ... on Partner { name archivedAt }\n      ... on Representative { name archivedAt partner { id name } }\n      ... on Principle { title archivedAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Archive($id: ID!) { archive(id: $id) { id } }"): (typeof documents)["mutation Archive($id: ID!) { archive(id: $id) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Restore($id: ID!) { restore(id: $id) { id } }"): (typeof documents)["mutation Restore($id: ID!) { restore(id: $id) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys($after: String) {\n    organisation {\n      id\n      apiKeys(first: 50, after: $after) {\n        nodes { id name role createdAt revokedAt }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ApiKeys($after: String) {\n    organisation {\n      id\n      apiKeys(first: 50, after: $after) {\n        nodes { id name role createdAt revokedAt }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { secret apiKey { id name role createdAt revokedAt } }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { secret apiKey { id name role createdAt revokedAt } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }"): (typeof documents)["mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Invitations {\n    organisation {\n      id\n      invitations {\n        id email role status createdAt expiresAt\n        invitedBy { id name }\n        representative { id name partner { id name } }\n      }\n    }\n    partners(first: 50) {\n      nodes { id name representatives { id name user { id } } }\n    }\n  }\n"): (typeof documents)["\n  query Invitations {\n    organisation {\n      id\n      invitations {\n        id email role status createdAt expiresAt\n        invitedBy { id name }\n        representative { id name partner { id name } }\n      }\n    }\n    partners(first: 50) {\n      nodes { id name representatives { id name user { id } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) { id email role status link }\n  }\n"): (typeof documents)["\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) { id email role status link }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id status } }"): (typeof documents)["mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id status } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Members($emails: Boolean!) {\n    organisation {\n      id\n      members {\n        id role\n        user { id name email @include(if: $emails) }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Members($emails: Boolean!) {\n    organisation {\n      id\n      members {\n        id role\n        user { id name email @include(if: $emails) }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ChangeMemberRole($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { id role } }"): (typeof documents)["mutation ChangeMemberRole($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { id role } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RemoveMember($input: RemoveMemberInput!) { removeMember(input: $input) { id } }"): (typeof documents)["mutation RemoveMember($input: RemoveMemberInput!) { removeMember(input: $input) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(input: $input) { id url description eventTypes }\n  }\n"): (typeof documents)["\n  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(input: $input) { id url description eventTypes }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveries($id: ID!, $after: String) {\n    webhookEndpoint(id: $id) {\n      id\n      deliveries(first: 20, after: $after) {\n        nodes {\n          id eventType eventId status attemptCount responseStatus durationMs lastError createdAt lastAttemptAt nextAttemptAt\n          attempts { number startedAt responseStatus durationMs error manual }\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookDeliveries($id: ID!, $after: String) {\n    webhookEndpoint(id: $id) {\n      id\n      deliveries(first: 20, after: $after) {\n        nodes {\n          id eventType eventId status attemptCount responseStatus durationMs lastError createdAt lastAttemptAt nextAttemptAt\n          attempts { number startedAt responseStatus durationMs error manual }\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RedeliverWebhook($deliveryId: ID!) { redeliverWebhook(deliveryId: $deliveryId) { id status nextAttemptAt attemptCount } }"): (typeof documents)["mutation RedeliverWebhook($deliveryId: ID!) { redeliverWebhook(deliveryId: $deliveryId) { id status nextAttemptAt attemptCount } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookEndpoints {\n    webhookEndpoints(first: 100) {\n      nodes { id url description eventTypes enabled disabledAt disabledReason consecutiveFailures createdAt secretRotatedAt }\n    }\n  }\n"): (typeof documents)["\n  query WebhookEndpoints {\n    webhookEndpoints(first: 100) {\n      nodes { id url description eventTypes enabled disabledAt disabledReason consecutiveFailures createdAt secretRotatedAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) { secret endpoint { id url } }\n  }\n"): (typeof documents)["\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) { secret endpoint { id url } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DisableWebhookEndpoint($id: ID!) { disableWebhookEndpoint(id: $id) { id enabled disabledAt disabledReason } }"): (typeof documents)["mutation DisableWebhookEndpoint($id: ID!) { disableWebhookEndpoint(id: $id) { id enabled disabledAt disabledReason } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation EnableWebhookEndpoint($id: ID!) { enableWebhookEndpoint(id: $id) { id enabled disabledAt disabledReason consecutiveFailures } }"): (typeof documents)["mutation EnableWebhookEndpoint($id: ID!) { enableWebhookEndpoint(id: $id) { id enabled disabledAt disabledReason consecutiveFailures } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { id secretRotatedAt } } }"): (typeof documents)["mutation RotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { id secretRotatedAt } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteWebhookEndpoint($id: ID!) { deleteWebhookEndpoint(id: $id) }"): (typeof documents)["mutation DeleteWebhookEndpoint($id: ID!) { deleteWebhookEndpoint(id: $id) }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreatePartner($input: CreatePartnerInput!) { createPartner(input: $input) { id name kind description version } }"): (typeof documents)["mutation CreatePartner($input: CreatePartnerInput!) { createPartner(input: $input) { id name kind description version } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdatePartner($input: UpdatePartnerInput!) { updatePartner(input: $input) { id name kind description version } }"): (typeof documents)["mutation UpdatePartner($input: UpdatePartnerInput!) { updatePartner(input: $input) { id name kind description version } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AddRepresentative($input: AddRepresentativeInput!) { addRepresentative(input: $input) { id name } }"): (typeof documents)["mutation AddRepresentative($input: AddRepresentativeInput!) { addRepresentative(input: $input) { id name } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Partners {\n    partners(first: 100) {\n      nodes {\n        id name kind description version\n        representatives { id name roleTitle email user { id name } }\n      }\n      pageInfo { hasNextPage }\n    }\n  }\n"): (typeof documents)["\n  query Partners {\n    partners(first: 100) {\n      nodes {\n        id name kind description version\n        representatives { id name roleTitle email user { id name } }\n      }\n      pageInfo { hasNextPage }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MemberChoices { organisation { id members { id user { id name } } } }"): (typeof documents)["query MemberChoices { organisation { id members { id user { id name } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LinkRepresentative($input: LinkRepresentativeInput!) { linkRepresentative(input: $input) { id user { id name } } }"): (typeof documents)["mutation LinkRepresentative($input: LinkRepresentativeInput!) { linkRepresentative(input: $input) { id user { id name } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AddStage($input: AddStageInput!) { addStage(input: $input) { id title position } }"): (typeof documents)["mutation AddStage($input: AddStageInput!) { addStage(input: $input) { id title position } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateStage($input: UpdateStageInput!) {\n    updateStage(input: $input) { id title description dueDate version owner { id name } assignee { id name } dependsOn { id title status } availableActions }\n  }\n"): (typeof documents)["\n  mutation UpdateStage($input: UpdateStageInput!) {\n    updateStage(input: $input) { id title description dueDate version owner { id name } assignee { id name } dependsOn { id title status } availableActions }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Principles { principles { id title description position source version } }"): (typeof documents)["query Principles { principles { id title description position source version } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AdoptPrincipleSet($set: PrincipleSet!) { adoptPrincipleSet(set: $set) { id } }"): (typeof documents)["mutation AdoptPrincipleSet($set: PrincipleSet!) { adoptPrincipleSet(set: $set) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreatePrinciple($input: CreatePrincipleInput!) { createPrinciple(input: $input) { id title description position source version } }"): (typeof documents)["mutation CreatePrinciple($input: CreatePrincipleInput!) { createPrinciple(input: $input) { id title description position source version } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdatePrinciple($input: UpdatePrincipleInput!) { updatePrinciple(input: $input) { id title description version outdatedAgreements } }"): (typeof documents)["mutation UpdatePrinciple($input: UpdatePrincipleInput!) { updatePrinciple(input: $input) { id title description version outdatedAgreements } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordAgreement($input: RecordAgreementInput!) { recordAgreement(input: $input) { id current onBehalf evidence signedBy principleVersion } }\n"): (typeof documents)["\n  mutation RecordAgreement($input: RecordAgreementInput!) { recordAgreement(input: $input) { id current onBehalf evidence signedBy principleVersion } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetProjectPrinciples($input: SetProjectPrinciplesInput!) { setProjectPrinciples(input: $input) { id principles { id title position version } } }\n"): (typeof documents)["\n  mutation SetProjectPrinciples($input: SetProjectPrinciplesInput!) { setProjectPrinciples(input: $input) { id principles { id title position version } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RecordDecision($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }"): (typeof documents)["mutation RecordDecision($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { id name status } }"): (typeof documents)["mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { id name status } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FormOptions {\n    viewer {\n      apiKey { id role }\n      organisations { id role organisation { id slug } representing { id name partner { id } } }\n    }\n    organisation { id slug members { id role user { id name } } }\n    partners(first: 100) { nodes { id name representatives { id name } } }\n    principles { id title }\n  }\n"): (typeof documents)["\n  query FormOptions {\n    viewer {\n      apiKey { id role }\n      organisations { id role organisation { id slug } representing { id name partner { id } } }\n    }\n    organisation { id slug members { id role user { id name } } }\n    partners(first: 100) { nodes { id name representatives { id name } } }\n    principles { id title }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InvolvePartner($input: InvolvePartnerInput!) { involvePartner(input: $input) { id partners { role partner { id name kind } } } }\n"): (typeof documents)["\n  mutation InvolvePartner($input: InvolvePartnerInput!) { involvePartner(input: $input) { id partners { role partner { id name kind } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProject($input: UpdateProjectInput!) { updateProject(input: $input) { id name summary goals startDate targetDate version } }\n"): (typeof documents)["\n  mutation UpdateProject($input: UpdateProjectInput!) { updateProject(input: $input) { id name summary goals startDate targetDate version } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation StartProject($id: ID!) { startProject(id: $id) { id status version availableActions } }"): (typeof documents)["mutation StartProject($id: ID!) { startProject(id: $id) { id status version availableActions } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ChangeProjectStatus($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { id status version availableActions } }"): (typeof documents)["mutation ChangeProjectStatus($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { id status version availableActions } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PostProjectUpdate($input: PostProjectUpdateInput!) { postProjectUpdate(input: $input) { id } }"): (typeof documents)["mutation PostProjectUpdate($input: PostProjectUpdateInput!) { postProjectUpdate(input: $input) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoardReportLinks($projectId: ID, $from: Date, $to: Date) {\n    pdf: boardReportDownload(projectId: $projectId, from: $from, to: $to, format: PDF)\n    csv: boardReportDownload(projectId: $projectId, from: $from, to: $to, format: CSV)\n  }\n"): (typeof documents)["\n  query BoardReportLinks($projectId: ID, $from: Date, $to: Date) {\n    pdf: boardReportDownload(projectId: $projectId, from: $from, to: $to, format: PDF)\n    csv: boardReportDownload(projectId: $projectId, from: $from, to: $to, format: CSV)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyDigest {\n    organisation { id }\n    viewer { organisations { id organisation { id } digest { frequency timeZone weekday chosen } } }\n  }\n"): (typeof documents)["\n  query MyDigest {\n    organisation { id }\n    viewer { organisations { id organisation { id } digest { frequency timeZone weekday chosen } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMyDigestSettings($input: UpdateMyDigestSettingsInput!) {\n    updateMyDigestSettings(input: $input) { frequency timeZone weekday chosen }\n  }\n"): (typeof documents)["\n  mutation UpdateMyDigestSettings($input: UpdateMyDigestSettingsInput!) {\n    updateMyDigestSettings(input: $input) { frequency timeZone weekday chosen }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Wall {\n    projects(first: 20, status: ACTIVE) {\n      nodes {\n        id name summary\n        progress { total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }\n        challenges { id status }\n        stages { id title status isLate dueDate blockedReason owner { id name } }\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query Wall {\n    projects(first: 20, status: ACTIVE) {\n      nodes {\n        id name summary\n        progress { total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }\n        challenges { id status }\n        stages { id title status isLate dueDate blockedReason owner { id name } }\n      }\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WallCelebrations {\n    celebrations(first: 4) {\n      nodes { id message createdAt stage { id title project { id name } } }\n    }\n  }\n"): (typeof documents)["\n  query WallCelebrations {\n    celebrations(first: 4) {\n      nodes { id message createdAt stage { id title project { id name } } }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;