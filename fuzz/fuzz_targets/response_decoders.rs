//! Every generated response decoder (outputs and errors) on hostile responses, through the path
//! the client uses: a blocking client over a `MockTransport` that answers with the fuzzed status,
//! headers and body. Whatever the response, the call returns `Ok` or an `SdkError`; it never
//! panics.
#![no_main]

use std::sync::OnceLock;

use awsjson_runtime::http::HttpResponse;
use awsjson_runtime::{Credentials, MockTransport};
use libfuzzer_sys::fuzz_target;
use partnercentral_selling_sdk::blocking::Client;
use partnercentral_selling_sdk::operation::*;

const STATUSES: &[u16] = &[200, 200, 200, 400, 403, 404, 409, 429, 500, 503];
const ERROR_CODES: &[&str] = &[
    "AccessDeniedException",
    "ConflictException",
    "InternalServerException",
    "ResourceNotFoundException",
    "ServiceQuotaExceededException",
    "ThrottlingException",
    "ValidationException",
    "com.amazonaws.partnercentralselling#ValidationException:http://internal/",
    "Unknown",
];

struct Fixture {
    mock: MockTransport,
    client: Client,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let mock = MockTransport::new();
        let config = awsjson_runtime::Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDFUZZ", "fuzz-secret", None))
            .transport(mock.clone())
            .use_fips(false)
            .use_dual_stack(false)
            .max_attempts(1)
            .max_response_bytes(1 << 20)
            .build()
            .expect("config");
        Fixture {
            mock,
            client: Client::new(config).expect("client"),
        }
    })
}

/// Sends the default input of operation number `index` (modulo the count).
macro_rules! send_nth {
    ($client:expr, $index:expr, [$($op:ident::$input:ident,)*]) => {{
        let inputs: &[fn(&Client)] = &[$(|c: &Client| {
            let _ = c.send($op::$input::default());
        },)*];
        inputs[$index % inputs.len()]($client);
    }};
}

fuzz_target!(|data: &[u8]| {
    let [op, status, flags, body @ ..] = data else {
        return;
    };
    let Fixture { mock, client } = fixture();
    let mut headers = vec![(
        "content-type".to_string(),
        "application/x-amz-json-1.0".to_string(),
    )];
    if flags & 1 != 0 {
        let code = ERROR_CODES[(*flags as usize >> 1) % ERROR_CODES.len()];
        headers.push(("x-amzn-errortype".to_string(), code.to_string()));
    }
    if flags & 0x80 != 0 {
        headers.push(("x-amzn-requestid".to_string(), "fuzz".to_string()));
    }
    mock.push_response(HttpResponse {
        status: STATUSES[*status as usize % STATUSES.len()],
        headers,
        body: body.to_vec(),
    });
    send_nth!(client, *op as usize, [
        accept_engagement_invitation::AcceptEngagementInvitationInput,
        assign_opportunity::AssignOpportunityInput,
        associate_opportunity::AssociateOpportunityInput,
        create_engagement::CreateEngagementInput,
        create_engagement_context::CreateEngagementContextInput,
        create_engagement_invitation::CreateEngagementInvitationInput,
        create_opportunity::CreateOpportunityInput,
        create_resource_snapshot::CreateResourceSnapshotInput,
        create_resource_snapshot_job::CreateResourceSnapshotJobInput,
        delete_resource_snapshot_job::DeleteResourceSnapshotJobInput,
        disassociate_opportunity::DisassociateOpportunityInput,
        get_aws_opportunity_summary::GetAwsOpportunitySummaryInput,
        get_engagement::GetEngagementInput,
        get_engagement_invitation::GetEngagementInvitationInput,
        get_opportunity::GetOpportunityInput,
        get_resource_snapshot::GetResourceSnapshotInput,
        get_resource_snapshot_job::GetResourceSnapshotJobInput,
        get_selling_system_settings::GetSellingSystemSettingsInput,
        list_engagement_by_accepting_invitation_tasks::ListEngagementByAcceptingInvitationTasksInput,
        list_engagement_from_opportunity_tasks::ListEngagementFromOpportunityTasksInput,
        list_engagement_invitations::ListEngagementInvitationsInput,
        list_engagement_members::ListEngagementMembersInput,
        list_engagement_resource_associations::ListEngagementResourceAssociationsInput,
        list_engagements::ListEngagementsInput,
        list_opportunities::ListOpportunitiesInput,
        list_opportunity_from_engagement_tasks::ListOpportunityFromEngagementTasksInput,
        list_resource_snapshot_jobs::ListResourceSnapshotJobsInput,
        list_resource_snapshots::ListResourceSnapshotsInput,
        list_solutions::ListSolutionsInput,
        list_tags_for_resource::ListTagsForResourceInput,
        put_selling_system_settings::PutSellingSystemSettingsInput,
        reject_engagement_invitation::RejectEngagementInvitationInput,
        start_engagement_by_accepting_invitation_task::StartEngagementByAcceptingInvitationTaskInput,
        start_engagement_from_opportunity_task::StartEngagementFromOpportunityTaskInput,
        start_opportunity_from_engagement_task::StartOpportunityFromEngagementTaskInput,
        start_resource_snapshot_job::StartResourceSnapshotJobInput,
        stop_resource_snapshot_job::StopResourceSnapshotJobInput,
        submit_opportunity::SubmitOpportunityInput,
        tag_resource::TagResourceInput,
        untag_resource::UntagResourceInput,
        update_engagement_context::UpdateEngagementContextInput,
        update_opportunity::UpdateOpportunityInput,
    ]);
    // The one queued response was used, by one request; forget it.
    assert_eq!(mock.remaining(), 0);
    assert_eq!(mock.take_requests().len(), 1);
});
