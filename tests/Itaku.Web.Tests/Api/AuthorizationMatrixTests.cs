using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Itaku.Web.Tests.Api.AuthorizationMatrixTests.Expect;

namespace Itaku.Web.Tests.Api;

/// <summary>
/// The API's authorisation policy as one table, checked against the running application: every
/// endpoint the app serves must be in the table (a new endpoint cannot slip by unreviewed), and
/// every caller gets exactly the outcome the table names.
/// </summary>
public sealed partial class AuthorizationMatrixTests : IAsyncLifetime
{
    /// <summary>What a caller gets. Only the class matters: the exact status is in the test output.</summary>
    public enum Expect
    {
        /// <summary>2xx: allowed (every request carries a valid body).</summary>
        Ok,

        /// <summary>409: passes authorisation, refused by the state of things (enrolling MFA that is already on).</summary>
        Conflict,

        /// <summary>403: the caller may see the endpoint or the record, but not do this.</summary>
        Forbid,

        /// <summary>404: the record is outside the caller's scope; its existence is not revealed.</summary>
        Hidden,

        /// <summary>401: no credentials.</summary>
        Unauth,
    }

    /// <summary>The columns of the table, in order.</summary>
    public enum Caller
    {
        Anonymous,
        /// <summary>A client-staff token issued before TOTP enrolment.</summary>
        PendingMfa,
        Admin,
        StaffA,
        StaffB,
        Auditor,
        ResponsibleX,
        WorkerX,
        ResponsibleY,
    }

    // World: contract A = department A + contractor X, members StaffA (Owner), ResponsibleX (Responsible),
    // WorkerX (Worker), Auditor (Auditor); contract B = department B + contractor Y, members StaffB (Owner),
    // ResponsibleY (Responsible). Admin is a system administrator of the client body.
    //
    // Variants: a contract route's {id} is contract A or contract B; an organisation's {id} is the caller's
    // own organisation or another one; users/{id} is a member of contract A; members/{userId} is a member.
    //
    // Enrol and confirm pass authorisation for everyone signed in; for users whose MFA is already on
    // they answer 409 (Conflict). Contractor staff, who need not use MFA, may turn it on.
    private static readonly Row[] Table =
    [
        // method    route                                             variant  Anon      Pending   Admin     StaffA    StaffB    Auditor   RespX     WorkerX   RespY
        R("POST",   "/api/v1/tokens",                                 "",       Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),
        R("GET",    "/api/v1/me",                                     "",       Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),
        R("POST",   "/api/v1/me/mfa/enroll",                          "",       Unauth,   Ok,       Conflict, Conflict, Conflict, Conflict, Ok,       Ok,       Ok),
        R("POST",   "/api/v1/me/mfa/confirm",                         "",       Unauth,   Ok,       Conflict, Conflict, Conflict, Conflict, Ok,       Ok,       Ok),
        R("POST",   "/api/v1/me/password",                            "",       Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),

        R("GET",    "/api/v1/organizations",                          "",       Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),
        R("GET",    "/api/v1/organizations/{id}",                     "own",    Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),
        R("GET",    "/api/v1/organizations/{id}",                     "other",  Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Hidden,   Hidden,   Hidden),
        R("POST",   "/api/v1/organizations",                          "",       Unauth,   Forbid,   Ok,       Forbid,   Forbid,   Forbid,   Forbid,   Forbid,   Forbid),

        R("GET",    "/api/v1/users",                                  "",       Unauth,   Forbid,   Ok,       Ok,       Ok,       Forbid,   Forbid,   Forbid,   Forbid),
        R("GET",    "/api/v1/users/{id}",                             "",       Unauth,   Forbid,   Ok,       Ok,       Ok,       Forbid,   Forbid,   Forbid,   Forbid),
        R("POST",   "/api/v1/users",                                  "",       Unauth,   Forbid,   Ok,       Forbid,   Forbid,   Forbid,   Forbid,   Forbid,   Forbid),

        R("GET",    "/api/v1/contracts",                              "",       Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),
        R("POST",   "/api/v1/contracts",                              "",       Unauth,   Forbid,   Ok,       Ok,       Ok,       Forbid,   Forbid,   Forbid,   Forbid),
        R("GET",    "/api/v1/contracts/{id}",                         "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("GET",    "/api/v1/contracts/{id}",                         "B",      Unauth,   Forbid,   Ok,       Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Ok),
        R("PUT",    "/api/v1/contracts/{id}",                         "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Forbid,   Forbid,   Forbid,   Hidden),
        R("PUT",    "/api/v1/contracts/{id}",                         "B",      Unauth,   Forbid,   Ok,       Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Forbid),
        R("GET",    "/api/v1/contracts/{id}/members",                 "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("GET",    "/api/v1/contracts/{id}/members",                 "B",      Unauth,   Forbid,   Ok,       Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Ok),
        R("POST",   "/api/v1/contracts/{id}/members",                 "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Forbid,   Forbid,   Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/members",                 "B",      Unauth,   Forbid,   Ok,       Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Forbid),
        R("DELETE", "/api/v1/contracts/{id}/members/{userId}",        "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Forbid,   Forbid,   Forbid,   Hidden),
        R("DELETE", "/api/v1/contracts/{id}/members/{userId}",        "B",      Unauth,   Forbid,   Ok,       Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Forbid),

        // Provision sets: read by everyone signed in, imported by administrators; a contract's obligations
        // are read by its readers and marked not applicable by its Owner (or an administrator).
        R("GET",    "/api/v1/provision-sets",                         "",       Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),
        R("GET",    "/api/v1/provision-sets/{id}",                    "",       Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),
        R("POST",   "/api/v1/provision-sets",                         "",       Unauth,   Forbid,   Ok,       Forbid,   Forbid,   Forbid,   Forbid,   Forbid,   Forbid),
        R("GET",    "/api/v1/contracts/{id}/obligations",             "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("GET",    "/api/v1/contracts/{id}/obligations",             "B",      Unauth,   Forbid,   Ok,       Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Ok),
        R("GET",    "/api/v1/contracts/{id}/obligations.csv",         "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("GET",    "/api/v1/contracts/{id}/obligations.csv",         "B",      Unauth,   Forbid,   Ok,       Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Ok),
        // The dashboard shows each caller only the contracts they can see.
        R("GET",    "/api/v1/dashboard",                              "",       Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),
        R("PUT",    "/api/v1/contracts/{id}/obligations/{key}/applicability", "A", Unauth, Forbid,   Ok,       Ok,       Hidden,   Forbid,   Forbid,   Forbid,   Hidden),
        R("PUT",    "/api/v1/contracts/{id}/obligations/{key}/applicability", "B", Unauth, Forbid,   Ok,       Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Forbid),

        R("GET",    "/api/v1/contracts/{id}/subcontractors",          "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        // Requests (申請): written and submitted by the contractor's 責任者/監督者, decided by the client's Owner/Reviewer.
        R("GET",    "/api/v1/request-kinds",                          "",       Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),
        R("GET",    "/api/v1/contracts/{id}/requests",                "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("POST",   "/api/v1/contracts/{id}/requests",                "A",      Unauth,   Forbid,   Forbid,   Forbid,   Hidden,   Forbid,   Ok,       Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/requests",                "B",      Unauth,   Forbid,   Forbid,   Hidden,   Forbid,   Hidden,   Hidden,   Hidden,   Ok),
        R("GET",    "/api/v1/contracts/{id}/requests/{requestId}",    "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("PUT",    "/api/v1/contracts/{id}/requests/{requestId}",    "A",      Unauth,   Forbid,   Forbid,   Forbid,   Hidden,   Forbid,   Ok,       Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/requests/{requestId}/submit",   "A", Unauth,  Forbid,   Forbid,   Forbid,   Hidden,   Forbid,   Ok,       Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/requests/{requestId}/withdraw", "A", Unauth,  Forbid,   Forbid,   Forbid,   Hidden,   Forbid,   Ok,       Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/requests/{requestId}/return",   "A", Unauth,  Forbid,   Forbid,   Ok,       Hidden,   Forbid,   Forbid,   Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/requests/{requestId}/approve",  "A", Unauth,  Forbid,   Forbid,   Ok,       Hidden,   Forbid,   Forbid,   Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/requests/{requestId}/reject",   "A", Unauth,  Forbid,   Forbid,   Ok,       Hidden,   Forbid,   Forbid,   Forbid,   Hidden),

        // Roster (従事者名簿): written and submitted by the contractor's 責任者/監督者; read (decrypted, audited) by
        // whoever reads the contract. Notices (届出): submitted by 責任者/監督者, acknowledged by the client's Owner/Reviewer.
        R("GET",    "/api/v1/contracts/{id}/roster",                  "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("POST",   "/api/v1/contracts/{id}/roster",                  "A",      Unauth,   Forbid,   Forbid,   Forbid,   Hidden,   Forbid,   Ok,       Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/roster",                  "B",      Unauth,   Forbid,   Forbid,   Hidden,   Forbid,   Hidden,   Hidden,   Hidden,   Ok),
        R("GET",    "/api/v1/contracts/{id}/roster/{number}",         "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("GET",    "/api/v1/contracts/{id}/roster/{number}",         "B",      Unauth,   Forbid,   Ok,       Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Ok),
        R("PUT",    "/api/v1/contracts/{id}/roster/{number}",         "A",      Unauth,   Forbid,   Forbid,   Forbid,   Hidden,   Forbid,   Ok,       Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/roster/{number}/submit",  "A",      Unauth,   Forbid,   Forbid,   Forbid,   Hidden,   Forbid,   Ok,       Forbid,   Hidden),
        R("GET",    "/api/v1/notice-kinds",                           "",       Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),
        R("GET",    "/api/v1/contracts/{id}/notices",                 "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("POST",   "/api/v1/contracts/{id}/notices",                 "A",      Unauth,   Forbid,   Forbid,   Forbid,   Hidden,   Forbid,   Ok,       Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/notices",                 "B",      Unauth,   Forbid,   Forbid,   Hidden,   Forbid,   Hidden,   Hidden,   Hidden,   Ok),
        R("GET",    "/api/v1/contracts/{id}/notices/{noticeId}",      "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("POST",   "/api/v1/contracts/{id}/notices/{noticeId}/acknowledge", "A", Unauth, Forbid,   Forbid,   Ok,       Hidden,   Forbid,   Forbid,   Forbid,   Hidden),

        // Log sources: registered by the contractor's 責任者/監督者 only; read by whoever reads the contract.
        R("GET",    "/api/v1/contracts/{id}/log-sources",             "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("GET",    "/api/v1/contracts/{id}/log-sources",             "B",      Unauth,   Forbid,   Ok,       Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Ok),
        R("POST",   "/api/v1/contracts/{id}/log-sources",             "A",      Unauth,   Forbid,   Forbid,   Forbid,   Hidden,   Forbid,   Ok,       Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/log-sources",             "B",      Unauth,   Forbid,   Forbid,   Hidden,   Forbid,   Hidden,   Hidden,   Hidden,   Ok),
        R("POST",   "/api/v1/contracts/{id}/log-sources/{sourceId}/rotate-token", "A",      Unauth,   Forbid,   Forbid,   Forbid,   Hidden,   Forbid,   Ok,       Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/log-sources/{sourceId}/rotate-token", "B",      Unauth,   Forbid,   Forbid,   Hidden,   Forbid,   Hidden,   Hidden,   Hidden,   Ok),
        R("POST",   "/api/v1/contracts/{id}/log-sources/{sourceId}/revoke", "A",      Unauth,   Forbid,   Forbid,   Forbid,   Hidden,   Forbid,   Ok,       Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/log-sources/{sourceId}/revoke", "B",      Unauth,   Forbid,   Forbid,   Hidden,   Forbid,   Hidden,   Hidden,   Hidden,   Ok),
        R("POST",   "/api/v1/contracts/{id}/log-sources/{sourceId}/disable", "A",      Unauth,   Forbid,   Forbid,   Forbid,   Hidden,   Forbid,   Ok,       Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/log-sources/{sourceId}/disable", "B",      Unauth,   Forbid,   Forbid,   Hidden,   Forbid,   Hidden,   Hidden,   Hidden,   Ok),
        R("POST",   "/api/v1/contracts/{id}/log-sources/{sourceId}/enable", "A",      Unauth,   Forbid,   Forbid,   Forbid,   Hidden,   Forbid,   Ok,       Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/log-sources/{sourceId}/enable", "B",      Unauth,   Forbid,   Forbid,   Hidden,   Forbid,   Hidden,   Hidden,   Hidden,   Ok),

        // Attestations: read by the contract's readers; submitted by its Responsible only; accepted or returned by its
        // Owner only (not administrators: acceptance is the contract party's judgement).
        R("GET",    "/api/v1/contracts/{id}/attestations",            "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("GET",    "/api/v1/contracts/{id}/attestations",            "B",      Unauth,   Forbid,   Ok,       Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Ok),
        R("POST",   "/api/v1/contracts/{id}/attestations",            "A",      Unauth,   Forbid,   Forbid,   Forbid,   Hidden,   Forbid,   Ok,       Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/attestations",            "B",      Unauth,   Forbid,   Forbid,   Hidden,   Forbid,   Hidden,   Hidden,   Hidden,   Ok),
        R("GET",    "/api/v1/contracts/{id}/attestations/{aid}",      "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("GET",    "/api/v1/contracts/{id}/attestations/{aid}",      "B",      Unauth,   Forbid,   Ok,       Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Ok),
        R("POST",   "/api/v1/contracts/{id}/attestations/{aid}/accept", "A",    Unauth,   Forbid,   Forbid,   Ok,       Hidden,   Forbid,   Forbid,   Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/attestations/{aid}/accept", "B",    Unauth,   Forbid,   Forbid,   Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Forbid),
        R("POST",   "/api/v1/contracts/{id}/attestations/{aid}/return", "A",    Unauth,   Forbid,   Forbid,   Ok,       Hidden,   Forbid,   Forbid,   Forbid,   Hidden),
        R("POST",   "/api/v1/contracts/{id}/attestations/{aid}/return", "B",    Unauth,   Forbid,   Forbid,   Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Forbid),
        R("GET",    "/api/v1/contracts/{id}/attestations/{aid}/attachments/{attachmentId}", "A", Unauth, Forbid, Ok, Ok, Hidden, Ok,   Ok,       Ok,       Hidden),
        R("GET",    "/api/v1/contracts/{id}/attestations/{aid}/attachments/{attachmentId}", "B", Unauth, Forbid, Ok, Hidden, Ok, Hidden, Hidden,   Hidden,   Ok),
        // Official documents: read by whoever reads the contract; any signed-in user may check a file against them.
        R("GET",    "/api/v1/contracts/{id}/documents",               "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("GET",    "/api/v1/contracts/{id}/documents",               "B",      Unauth,   Forbid,   Ok,       Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Ok),
        R("GET",    "/api/v1/contracts/{id}/documents/{docId}",       "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("GET",    "/api/v1/contracts/{id}/documents/{docId}",       "B",      Unauth,   Forbid,   Ok,       Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Ok),
        R("GET",    "/api/v1/contracts/{id}/documents/{docId}/html",  "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("GET",    "/api/v1/contracts/{id}/documents/{docId}/html",  "B",      Unauth,   Forbid,   Ok,       Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Ok),
        R("GET",    "/api/v1/contracts/{id}/documents/{docId}/pdf",   "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("GET",    "/api/v1/contracts/{id}/documents/{docId}/pdf",   "B",      Unauth,   Forbid,   Ok,       Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Ok),
        R("POST",   "/api/v1/documents/verify",                       "",       Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),
        // Notifications: everyone's own inbox; another user's notification is hidden, as if it did not exist.
        R("GET",    "/api/v1/notifications",                          "",       Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),
        R("POST",   "/api/v1/notifications/{id}/read",                "own",    Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),
        R("POST",   "/api/v1/notifications/{id}/read",                "other",  Unauth,   Forbid,   Hidden,   Hidden,   Hidden,   Hidden,   Hidden,   Hidden,   Hidden),
        R("POST",   "/api/v1/notifications/read-all",                 "",       Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),

        // Ingest authenticates with the source's own token: no user token is one, so every caller here gets 401.
        R("POST",   "/api/v1/ingest/{sourceId}",                      "",       Unauth,   Unauth,   Unauth,   Unauth,   Unauth,   Unauth,   Unauth,   Unauth,   Unauth),

        // The evidence ledger: the audit trail's log ({id}) is read whole by system administrators only (ADR 15); its
        // checkpoint and consistency proofs (sizes and hashes) by everyone; each contract's events with their proofs
        // by those who may read the contract.
        R("GET",    "/api/v1/ledger/key",                             "",       Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),
        R("GET",    "/api/v1/logs",                                   "",       Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),
        R("GET",    "/api/v1/logs/{id}/checkpoint",                   "audit",  Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),
        R("GET",    "/api/v1/logs/{id}/entries",                      "audit",  Unauth,   Forbid,   Ok,       Hidden,   Hidden,   Hidden,   Hidden,   Hidden,   Hidden),
        R("GET",    "/api/v1/logs/{id}/proofs/inclusion",             "audit",  Unauth,   Forbid,   Ok,       Hidden,   Hidden,   Hidden,   Hidden,   Hidden,   Hidden),
        R("GET",    "/api/v1/logs/{id}/proofs/consistency",           "audit",  Unauth,   Forbid,   Ok,       Ok,       Ok,       Ok,       Ok,       Ok,       Ok),
        R("GET",    "/api/v1/logs/{id}/export",                       "audit",  Unauth,   Forbid,   Ok,       Hidden,   Hidden,   Hidden,   Hidden,   Hidden,   Hidden),
        R("GET",    "/api/v1/contracts/{id}/audit-events",            "A",      Unauth,   Forbid,   Ok,       Ok,       Hidden,   Ok,       Ok,       Ok,       Hidden),
        R("GET",    "/api/v1/contracts/{id}/audit-events",            "B",      Unauth,   Forbid,   Ok,       Hidden,   Ok,       Hidden,   Hidden,   Hidden,   Ok),
    ];

    private static readonly Caller[] MembersOfContractA = [Caller.StaffA, Caller.Auditor, Caller.ResponsibleX, Caller.WorkerX];

    private readonly ItakuFactory _factory = new();
    private readonly Dictionary<Guid, string> _passwords = [];
    private readonly Dictionary<long, long> _documents = [];
    private World _world = null!;
    private TestUser _pending = null!;
    private int _serial;

    public static TheoryData<Caller> Callers => new(Enum.GetValues<Caller>());

    public async ValueTask InitializeAsync()
    {
        _world = await World.CreateAsync(_factory);
        await Itaku.Web.Tests.Provisions.ProvisionFixtures.AttachSetAsync(_factory, _world.ContractA);
        await Itaku.Web.Tests.Provisions.ProvisionFixtures.AttachSetAsync(_factory, _world.ContractB);
        _pending = await _world.UserAsync("pending@pref.example.jp", "未登録 六子", GlobalRole.ClientStaff, _world.DeptA, mfa: false);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public void Table_NamesEveryApiEndpointTheAppServes_AndNoOther()
    {
        var served = ServedApiEndpoints();
        var listed = Table.Select(r => $"{r.Method} {r.Route}").ToHashSet();
        TestContext.Current.TestOutputHelper!.WriteLine("Served:\n  " + string.Join("\n  ", served.Order()));

        served.Except(listed).Order().ShouldBeEmpty("endpoints the app serves but the authorisation table does not name: add a row and decide who may call them");
        listed.Except(served).Order().ShouldBeEmpty("rows naming endpoints the app no longer serves");
    }

    [Fact]
    public void Table_RefusesAnonymousAndPendingMfa_EverywhereButSignInAndEnrolment()
    {
        // The headline rules, so that loosening them in the table is a visible, deliberate change.
        foreach (var row in Table)
        {
            row.Outcomes[(int)Caller.Anonymous].ShouldBe(row.Route == "/api/v1/tokens" ? Ok : Unauth, $"{row.Method} {row.Route}");
            var enrolment = row.Route is "/api/v1/tokens" or "/api/v1/me/mfa/enroll" or "/api/v1/me/mfa/confirm";
            var ownToken = row.Route is "/api/v1/ingest/{sourceId}";
            row.Outcomes[(int)Caller.PendingMfa].ShouldBe(enrolment ? Ok : ownToken ? Unauth : Forbid, $"{row.Method} {row.Route}");
        }
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task EveryEndpoint_AnswersTheCaller_AsTheTableSays(Caller caller)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = UserOf(caller);
        using var client = user is null
            ? _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false })
            : await _world.ClientAsync(user);

        var failures = new List<string>();
        foreach (var row in Table)
        {
            var expected = row.Outcomes[(int)caller];
            var outcome = await CallAsync(client, row.Method, row.Route, row.Variant, user, ct);
            if (Classify(outcome.Status) != expected)
            {
                failures.Add($"{row.Method} {row.Route} [{row.Variant}]: expected {expected}, got {outcome.Status} {outcome.Body}");
            }
            else if (outcome.Status >= 400 && outcome.MediaType != "application/problem+json")
            {
                failures.Add($"{row.Method} {row.Route} [{row.Variant}]: {outcome.Status} answered as {outcome.MediaType ?? "no body"}, not problem details");
            }
        }

        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task MembersOfContractA_Get404_OnEveryContractRoute_WithContractBsId()
    {
        // Derived from the served endpoints, not from the table: a new contract route is covered at once.
        var ct = TestContext.Current.CancellationToken;
        var contractRoutes = ServedApiEndpoints().Where(e => e.Contains("/api/v1/contracts/{id}", StringComparison.Ordinal)).Order().ToList();
        contractRoutes.Count.ShouldBeGreaterThanOrEqualTo(5);

        var failures = new List<string>();
        foreach (var caller in MembersOfContractA)
        {
            var user = UserOf(caller)!;
            using var client = await _world.ClientAsync(user);
            foreach (var endpoint in contractRoutes)
            {
                var (method, route) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
                var outcome = await CallAsync(client, method, route, "B", user, ct);
                if (outcome.Status != 404)
                {
                    failures.Add($"{caller}: {endpoint} with contract B: expected 404, got {outcome.Status} {outcome.Body}");
                }
            }
        }

        failures.ShouldBeEmpty();
    }

    private TestUser? UserOf(Caller caller) => caller switch
    {
        Caller.Anonymous => null,
        Caller.PendingMfa => _pending,
        Caller.Admin => _world.Admin,
        Caller.StaffA => _world.StaffA,
        Caller.StaffB => _world.StaffB,
        Caller.Auditor => _world.Auditor,
        Caller.ResponsibleX => _world.ResponsibleX,
        Caller.WorkerX => _world.WorkerX,
        Caller.ResponsibleY => _world.ResponsibleY,
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };

    private static Expect? Classify(int status) => status switch
    {
        >= 200 and < 300 => Ok,
        401 => Unauth,
        403 => Forbid,
        404 => Hidden,
        409 => Conflict,
        _ => null,
    };

    /// <summary>"METHOD /route" for every API endpoint, with route constraints and trailing slashes removed.</summary>
    private HashSet<string> ServedApiEndpoints() =>
        _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("api/", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => $"{m} {Normalise(e.RoutePattern.RawText!)}"))
            .ToHashSet();

    private static string Normalise(string raw) =>
        "/" + Constraint().Replace(raw, "{$1}").Trim('/');

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")]
    private static partial Regex Constraint();

    /// <summary>Sends one request as the caller would, with a valid body, and returns the status and body.</summary>
    private async Task<(int Status, string? MediaType, string Body)> CallAsync(HttpClient client, string method, string route, string variant, TestUser? user, CancellationToken ct)
    {
        var contract = variant == "B" ? _world.ContractB : _world.ContractA;
        var url = route.Replace("{id}", contract.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        object? body = null;
        HttpContent? request0 = null;
        Action? onSuccess = null;
        switch ($"{method} {route}")
        {
            case "POST /api/v1/tokens":
                // Anonymous callers sign in as WorkerX; everyone else as themselves.
                var who = user ?? _world.WorkerX;
                body = new { email = who.Email, password = PasswordOf(who), totpCode = await CurrentTotpAsync(who) };
                break;
            case "POST /api/v1/me/mfa/confirm":
                body = new { code = user is null ? "000000" : await CurrentTotpAsync(user, evenIfNotEnabled: true) ?? "000000" };
                break;
            case "POST /api/v1/me/password":
                var next = $"a fresh pass phrase {Next()} for the matrix";
                body = new { currentPassword = user is null ? World.Password : PasswordOf(user), newPassword = next };
                onSuccess = () => _passwords[user!.Id] = next;
                break;
            case "GET /api/v1/organizations/{id}":
                var own = user?.OrganizationId ?? _world.ContractorX;
                var other = own == _world.ContractorY ? _world.ContractorX : _world.ContractorY;
                url = $"/api/v1/organizations/{(variant == "own" ? own : other)}";
                break;
            case "POST /api/v1/organizations":
                body = new { kind = "Contractor", name = $"行列検査株式会社 {Next()}" };
                break;
            case "GET /api/v1/users/{id}":
                url = $"/api/v1/users/{_world.WorkerX.Id}";
                break;
            case "POST /api/v1/users":
                body = new { email = $"new-{Next()}@joshu.example.com", displayName = "新規 職員", role = "ContractorStaff", organizationId = _world.ContractorX, password = World.Password };
                break;
            case "POST /api/v1/contracts":
                var dept = user?.OrganizationId == _world.DeptB ? _world.DeptB : _world.DeptA;
                body = new { number = $"R8-行列-{Next():D3}", title = "行列検査業務委託", clientDepartmentId = dept, contractorId = _world.ContractorX, startDate = "2026-04-01", endDate = "2027-03-31" };
                break;
            case "PUT /api/v1/contracts/{id}":
                body = await CurrentFieldsAsync(contract);
                break;
            case "POST /api/v1/contracts/{id}/members":
                body = new { userId = (await FreshClientStaffAsync()).Id, role = "Reviewer" };
                break;
            case "DELETE /api/v1/contracts/{id}/members/{userId}":
                url = url.Replace("{userId}", (await FreshMemberAsync(contract)).ToString(), StringComparison.Ordinal);
                break;
            case "PUT /api/v1/contracts/{id}/obligations/{key}/applicability":
                url = url.Replace("{key}", "policy.compliance", StringComparison.Ordinal);
                body = new { applicable = false, reason = $"行列検査 {Next()}" };
                break;
            case "GET /api/v1/provision-sets/{id}":
                await using (var scope = _factory.Services.CreateAsyncScope())
                {
                    var setId = await scope.ServiceProvider.GetRequiredService<ItakuDbContext>().ProvisionSets.Select(p => p.Id).FirstAsync(ct);
                    url = $"/api/v1/provision-sets/{setId}";
                }

                break;
            case "POST /api/v1/provision-sets":
                body = Itaku.Web.Tests.Provisions.ProvisionFixtures.OtherCity($"matrix-{Next()}");
                break;
            case "GET /api/v1/provision-sets" or "GET /api/v1/contracts/{id}/obligations" or "GET /api/v1/contracts/{id}/obligations.csv" or "GET /api/v1/dashboard":
                break;
            case "POST /api/v1/contracts/{id}/requests":
                body = new { kind = "copy", title = $"行列検査 {Next()}", fields = Itaku.Web.Tests.Requests.RequestsApiTests.Complete(Itaku.Web.Features.Requests.RequestKinds.Find("copy")!) };
                break;
            case "GET /api/v1/request-kinds" or "GET /api/v1/contracts/{id}/requests" or "GET /api/v1/contracts/{id}/subcontractors":
                break;
            case "PUT /api/v1/contracts/{id}/requests/{requestId}" or "POST /api/v1/contracts/{id}/requests/{requestId}/submit":
                url = url.Replace("{requestId}", (await FreshRequestAsync(contract, submit: false)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                if (method == "PUT")
                {
                    body = new { title = "行列検査（修正）", fields = Itaku.Web.Tests.Requests.RequestsApiTests.Complete(Itaku.Web.Features.Requests.RequestKinds.Find("copy")!) };
                }

                break;
            case "GET /api/v1/contracts/{id}/requests/{requestId}" or "POST /api/v1/contracts/{id}/requests/{requestId}/withdraw"
                or "POST /api/v1/contracts/{id}/requests/{requestId}/return" or "POST /api/v1/contracts/{id}/requests/{requestId}/approve"
                or "POST /api/v1/contracts/{id}/requests/{requestId}/reject":
                url = url.Replace("{requestId}", (await FreshRequestAsync(contract, submit: true)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                body = route.EndsWith("/approve", StringComparison.Ordinal) ? new { }
                    : route.EndsWith("/return", StringComparison.Ordinal) || route.EndsWith("/reject", StringComparison.Ordinal) ? new { reason = "行列検査" }
                    : null;
                break;
            case "GET /api/v1/notice-kinds" or "GET /api/v1/contracts/{id}/roster" or "GET /api/v1/contracts/{id}/notices":
                break;
            case "POST /api/v1/contracts/{id}/roster":
                await DropRosterDraftsAsync(contract);
                break;
            case "GET /api/v1/contracts/{id}/roster/{number}" or "PUT /api/v1/contracts/{id}/roster/{number}" or "POST /api/v1/contracts/{id}/roster/{number}/submit":
                url = url.Replace("{number}", (await FreshRosterAsync(contract, submit: method == "GET")).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                if (method == "PUT")
                {
                    body = new { entries = new[] { Itaku.Web.Tests.Roster.RosterApiTests.Person("行列 検査", Itaku.Web.Features.Roster.RosterRole.Responsible) } };
                }

                break;
            case "POST /api/v1/contracts/{id}/notices":
                body = Itaku.Web.Tests.Roster.NoticesApiTests.Structure();
                break;
            case "GET /api/v1/contracts/{id}/notices/{noticeId}" or "POST /api/v1/contracts/{id}/notices/{noticeId}/acknowledge":
                url = url.Replace("{noticeId}", (await FreshNoticeAsync(contract)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                body = method == "POST" ? new { comment = "行列検査" } : null;
                break;
            case "POST /api/v1/contracts/{id}/log-sources":
                body = new { name = $"行列検査の送信元 {Next()}" };
                break;
            case "POST /api/v1/contracts/{id}/attestations":
                request0 = Itaku.Web.Tests.Attestations.AttestationFixtures.Form(files: ("行列検査.pdf", Itaku.Web.Tests.Attestations.AttestationFixtures.Pdf()));
                break;
            case "GET /api/v1/contracts/{id}/attestations/{aid}":
                url = url.Replace("{aid}", (await SharedAttestationAsync(contract)).Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                break;
            case "GET /api/v1/contracts/{id}/attestations/{aid}/attachments/{attachmentId}":
                var shared = await SharedAttestationAsync(contract);
                url = url.Replace("{aid}", shared.Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{attachmentId}", shared.Attachments[0].Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                break;
            case "POST /api/v1/contracts/{id}/attestations/{aid}/accept" or "POST /api/v1/contracts/{id}/attestations/{aid}/return":
                // A fresh submission each time: a decided one would answer 409 to the next caller.
                url = url.Replace("{aid}", (await NewAttestationAsync(contract)).Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                body = route.EndsWith("/accept", StringComparison.Ordinal) ? new { comment = "確認済み" } : new { reason = $"行列検査 {Next()}" };
                break;
            case "GET /api/v1/contracts/{id}/attestations":
                break;
            case "POST /api/v1/contracts/{id}/log-sources/{sourceId}/rotate-token" or "POST /api/v1/contracts/{id}/log-sources/{sourceId}/revoke"
                or "POST /api/v1/contracts/{id}/log-sources/{sourceId}/disable" or "POST /api/v1/contracts/{id}/log-sources/{sourceId}/enable":
                // A fresh source each time (a disabled one for enable): a revoked or disabled one would answer 409 to the next caller.
                url = url.Replace("{sourceId}", (await FreshSourceAsync(contract, disabled: route.EndsWith("/enable", StringComparison.Ordinal))).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                break;
            case "POST /api/v1/ingest/{sourceId}":
                url = $"/api/v1/ingest/{await AnySourceAsync()}";
                request0 = new StringContent("{\"time\":\"2026-11-22T10:00:00+09:00\"}\n", System.Text.Encoding.UTF8, "application/x-ndjson");
                break;
            case "GET /api/v1/logs/{id}/checkpoint" or "GET /api/v1/logs/{id}/entries" or "GET /api/v1/logs/{id}/export":
                url = route.Replace("{id}", (await AuditLogIdAsync()).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                break;
            case "GET /api/v1/logs/{id}/proofs/inclusion":
                url = $"/api/v1/logs/{await AuditLogIdAsync()}/proofs/inclusion?index=0&size=1";
                break;
            case "GET /api/v1/logs/{id}/proofs/consistency":
                url = $"/api/v1/logs/{await AuditLogIdAsync()}/proofs/consistency?from=1&to=2";
                break;
            case "GET /api/v1/contracts/{id}/documents":
                break;
            case "GET /api/v1/contracts/{id}/documents/{docId}" or "GET /api/v1/contracts/{id}/documents/{docId}/html" or "GET /api/v1/contracts/{id}/documents/{docId}/pdf":
                url = url.Replace("{docId}", (await DocumentOfAsync(contract)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                break;
            case "POST /api/v1/documents/verify":
                request0 = new MultipartFormDataContent { { new ByteArrayContent("<!DOCTYPE html><p>照合</p>"u8.ToArray()), "file", "document.html" } };
                break;
            case "POST /api/v1/notifications/{id}/read":
                var recipient = variant == "own" ? user ?? _world.WorkerX : user?.Id == _world.WorkerX.Id ? _world.ResponsibleY : _world.WorkerX;
                url = $"/api/v1/notifications/{await NotificationForAsync(recipient)}/read";
                break;
            case "GET /api/v1/notifications" or "POST /api/v1/notifications/read-all":
                break;
            case "GET /api/v1/ledger/key" or "GET /api/v1/logs" or "GET /api/v1/contracts/{id}/log-sources" or "GET /api/v1/contracts/{id}/audit-events":
                break;
            case "GET /api/v1/me" or "POST /api/v1/me/mfa/enroll" or "GET /api/v1/organizations" or "GET /api/v1/users"
                or "GET /api/v1/contracts" or "GET /api/v1/contracts/{id}" or "GET /api/v1/contracts/{id}/members":
                break;
            default:
                throw new InvalidOperationException($"No request is defined for {method} {route}: add one here and a row to the table.");
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        else if (request0 is not null)
        {
            request.Content = request0;
        }

        using var response = await client.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var status = (int)response.StatusCode;
        TestContext.Current.TestOutputHelper!.WriteLine($"{user?.Email ?? "anonymous",-28} {method,-6} {url,-70} → {status}");
        if (status is >= 200 and < 300)
        {
            onSuccess?.Invoke();
        }

        return (status, response.Content.Headers.ContentType?.MediaType, text.Length > 300 ? text[..300] : text);
    }

    private int Next() => Interlocked.Increment(ref _serial);

    /// <summary>A copying request on the contract, written (and submitted) by its contractor's 責任者.</summary>
    private async Task<long> FreshRequestAsync(long contract, bool submit)
    {
        using var lead = await _world.ClientAsync(contract == _world.ContractB ? _world.ResponsibleY : _world.ResponsibleX);
        var response = await lead.PostAsJsonAsync($"/api/v1/contracts/{contract}/requests", new
        {
            kind = "copy",
            title = $"行列検査 {Next()}",
            fields = Itaku.Web.Tests.Requests.RequestsApiTests.Complete(Itaku.Web.Features.Requests.RequestKinds.Find("copy")!),
            submit,
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Itaku.Web.Features.Requests.RequestDto>())!.Id;
    }

    /// <summary>Removes the contract's draft roster version, so that a new draft can be started.</summary>
    private Task DropRosterDraftsAsync(long contract) => _factory.DbAsync(async db =>
    {
        db.RosterVersions.RemoveRange(await db.RosterVersions.Include(v => v.Entries).Where(v => v.ContractId == contract && v.Status == Itaku.Web.Features.Roster.RosterStatus.Draft).ToListAsync());
        return await db.SaveChangesAsync();
    });

    /// <summary>A roster version with one 責任者, written (and submitted) by the contractor's 責任者; its number.</summary>
    private async Task<int> FreshRosterAsync(long contract, bool submit)
    {
        await DropRosterDraftsAsync(contract);
        using var lead = await _world.ClientAsync(contract == _world.ContractB ? _world.ResponsibleY : _world.ResponsibleX);
        var url = $"/api/v1/contracts/{contract}/roster";
        var created = await lead.PostAsync(url, null);
        created.EnsureSuccessStatusCode();
        var number = (await created.Content.ReadFromJsonAsync<Itaku.Web.Features.Roster.RosterVersionDto>())!.Version.Number;
        (await lead.PutAsJsonAsync($"{url}/{number}", new { entries = new[] { Itaku.Web.Tests.Roster.RosterApiTests.Person($"行列 {Next()}", Itaku.Web.Features.Roster.RosterRole.Responsible), Itaku.Web.Tests.Roster.RosterApiTests.Person($"行列 {Next()}", Itaku.Web.Features.Roster.RosterRole.Supervisor) } })).EnsureSuccessStatusCode();
        if (submit)
        {
            (await lead.PostAsync($"{url}/{number}/submit", null)).EnsureSuccessStatusCode();
        }

        return number;
    }

    /// <summary>A management-structure notice submitted by the contractor's 責任者; its id.</summary>
    private async Task<long> FreshNoticeAsync(long contract)
    {
        using var lead = await _world.ClientAsync(contract == _world.ContractB ? _world.ResponsibleY : _world.ResponsibleX);
        var response = await lead.PostAsJsonAsync($"/api/v1/contracts/{contract}/notices", Itaku.Web.Tests.Roster.NoticesApiTests.Structure());
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Itaku.Web.Features.Notices.NoticeDto>())!.Id;
    }

    private string PasswordOf(TestUser user) => _passwords.GetValueOrDefault(user.Id, user.Password);

    /// <summary>The code an authenticator app would show, when the user has a key (and, unless asked otherwise, MFA on).</summary>
    private async Task<string?> CurrentTotpAsync(TestUser user, bool evenIfNotEnabled = false)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ItakuUser>>();
        var u = (await users.FindByIdAsync(user.Id.ToString()))!;
        var key = await users.GetAuthenticatorKeyAsync(u);
        return key is not null && (u.TwoFactorEnabled || evenIfNotEnabled) ? Totp.Code(key) : null;
    }

    /// <summary>The contract as it stands, as an update body: a PUT that changes nothing but must pass every rule.</summary>
    private async Task<object> CurrentFieldsAsync(long id)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var c = await scope.ServiceProvider.GetRequiredService<ItakuDbContext>().Contracts.AsNoTracking().SingleAsync(c => c.Id == id);
        return new
        {
            number = c.Number,
            title = c.Title,
            clientDepartmentId = c.ClientDepartmentId,
            contractorId = c.ContractorId,
            startDate = c.StartDate,
            endDate = c.EndDate,
            status = c.Status.ToString(),
            handlesPersonalInformation = c.HandlesPersonalInformation,
        };
    }

    /// <summary>The audit trail's log, with a checkpoint signed now so that reading it does not race the 1-second publisher.</summary>
    private async Task<long> AuditLogIdAsync()
    {
        await _factory.Services.GetRequiredService<Itaku.Web.Features.Ledger.CheckpointService>().PublishAllAsync(TestContext.Current.CancellationToken);
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        return await db.LedgerLogs.Where(l => l.Kind == Itaku.Web.Features.Ledger.LedgerLogKind.Audit).Select(l => l.Id).SingleAsync();
    }

    /// <summary>A log source of contract A (created once), to which no user token may post.</summary>
    private async Task<long> FreshSourceAsync(long contractId, bool disabled)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var log = new Itaku.Web.Features.Ledger.LedgerLog
        {
            Origin = $"matrix/{Guid.NewGuid():N}", Kind = Itaku.Web.Features.Ledger.LedgerLogKind.Source, ContractId = contractId, Name = "行列検査",
            RootHash = Itaku.Ledger.TreeHasher.EmptyRoot(), CreatedAt = DateTime.UtcNow,
        };
        db.LedgerLogs.Add(log);
        await db.SaveChangesAsync();
        var source = new Itaku.Web.Features.LogSources.LogSource
        {
            ContractId = contractId, LogId = log.Id, Name = "行列検査", TokenHash = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
            CreatedBy = _world.ResponsibleX.Id, CreatedAt = DateTime.UtcNow, DisabledAt = disabled ? DateTime.UtcNow : null,
        };
        db.LogSources.Add(source);
        await db.SaveChangesAsync();
        return source.Id;
    }

    private async Task<long> AnySourceAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var existing = await db.LogSources.Select(s => (long?)s.Id).FirstOrDefaultAsync();
        if (existing is not null)
        {
            return existing.Value;
        }

        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var created = await responsible.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/log-sources", new { name = "行列検査の取込み" });
        created.EnsureSuccessStatusCode();
        return (await db.LogSources.Select(s => s.Id).FirstAsync());
    }

    private readonly Dictionary<long, Itaku.Web.Features.Attestations.AttestationDto> _sharedAttestations = [];

    /// <summary>One attestation with an attachment per contract, submitted once by its Responsible, for the read routes.</summary>
    private async Task<Itaku.Web.Features.Attestations.AttestationDto> SharedAttestationAsync(long contractId)
    {
        if (!_sharedAttestations.TryGetValue(contractId, out var a))
        {
            _sharedAttestations[contractId] = a = await NewAttestationAsync(contractId);
        }

        return a;
    }

    private async Task<Itaku.Web.Features.Attestations.AttestationDto> NewAttestationAsync(long contractId)
    {
        using var responsible = await _world.ClientAsync(contractId == _world.ContractA ? _world.ResponsibleX : _world.ResponsibleY);
        return await Itaku.Web.Tests.Attestations.AttestationFixtures.SubmitAsync(responsible, contractId, files: ("行列検査.pdf", Itaku.Web.Tests.Attestations.AttestationFixtures.Pdf()));
    }

    /// <summary>One official document per contract (issued once, PDF printed at once so that /pdf answers 200).</summary>
    private async Task<long> DocumentOfAsync(long contractId)
    {
        if (_documents.TryGetValue(contractId, out var id))
        {
            return id;
        }

        await using var scope = _factory.Services.CreateAsyncScope();
        var documents = scope.ServiceProvider.GetRequiredService<Itaku.Web.Features.Documents.DocumentService>();
        var doc = await documents.IssueAsync(
            new Itaku.Web.Features.Documents.OfficialDocumentDraft(contractId, "matrix.check", "行列検査通知書", "群馬県知事 様", "行列検査株式会社", [new("項目", "値")]),
            TestContext.Current.CancellationToken);
        await documents.CreatePdfAsync(doc.Id, TestContext.Current.CancellationToken);
        _documents[contractId] = doc.Id;
        return doc.Id;
    }

    /// <summary>A fresh unread notification in <paramref name="recipient"/>'s inbox.</summary>
    private async Task<long> NotificationForAsync(TestUser recipient)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var n = db.Notifications.Add(new Itaku.Web.Features.Notifications.Notification
        {
            RecipientId = recipient.Id, Kind = "matrix.test", Title = $"行列検査 {Next()}", Body = "", Link = "/", CreatedAt = DateTime.UtcNow,
        }).Entity;
        await db.SaveChangesAsync();
        return n.Id;
    }

    private Task<TestUser> FreshClientStaffAsync() =>
        _world.UserAsync($"reviewer-{Next()}@pref.example.jp", "臨時 審査", GlobalRole.ClientStaff, _world.DeptA, mfa: false);

    /// <summary>A member whom a successful DELETE may remove without changing anyone else's rights.</summary>
    private async Task<Guid> FreshMemberAsync(long contractId)
    {
        var user = await FreshClientStaffAsync();
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        db.ContractMembers.Add(new ContractMember { ContractId = contractId, UserId = user.Id, Role = ContractRole.Reviewer, AddedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return user.Id;
    }

    private static Row R(string method, string route, string variant, params Expect[] outcomes)
    {
        if (outcomes.Length != Enum.GetValues<Caller>().Length)
        {
            throw new InvalidOperationException($"{method} {route} [{variant}]: one outcome per caller is needed.");
        }

        return new Row(method, route, variant, outcomes);
    }

    private sealed record Row(string Method, string Route, string Variant, Expect[] Outcomes);
}
