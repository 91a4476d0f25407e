using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Itaku.Web.Features.Attestations;
using Itaku.Web.Features.Notices;
using Itaku.Web.Features.Requests;
using Itaku.Web.Features.Roster;
using Itaku.Web.Tests.Attestations;
using Itaku.Web.Tests.Infrastructure;
using Itaku.Web.Tests.Requests;
using Itaku.Web.Tests.Roster;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Tests.Concurrency;

/// <summary>
/// One decision per request (issue 20): eight identical state changes sent at once — exactly one
/// succeeds, seven hear 409 in Japanese, and exactly one audit event, one official document and one
/// notification per recipient are written. Runs on whichever engine the test run uses (SQLite and
/// PostgreSQL in scripts/test.sh), because the database decides (a concurrency token on the state).
/// </summary>
public sealed class TransitionRaceTests : IAsyncLifetime
{
    private const int Racers = 8;
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await AttestationFixtures.WorldAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private string Requests(string path = "") => $"/api/v1/contracts/{_world.ContractA}/requests{path}";

    private async Task<RequestDto> NewRequestAsync(bool submit)
    {
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        var response = await lead.PostAsJsonAsync(Requests(), new { kind = "offsite-work", title = "庁舎外作業の申請", fields = RequestsApiTests.Complete(RequestKinds.Find("offsite-work")!), submit }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<RequestDto>(Ct))!;
    }

    /// <summary>Sends the same request <see cref="Racers"/> times at once, each on its own connection.</summary>
    private async Task<HttpResponseMessage[]> RaceAsync(TestUser user, Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        var clients = new List<HttpClient>();
        for (var i = 0; i < Racers; i++)
        {
            clients.Add(await _world.ClientAsync(user));
        }

        using var start = new ManualResetEventSlim();
        var tasks = clients.Select(c => Task.Run(async () =>
        {
            start.Wait(Ct);
            return await send(c);
        })).ToList();
        start.Set();
        var responses = await Task.WhenAll(tasks);
        clients.ForEach(c => c.Dispose());
        return responses;
    }

    /// <summary>One 2xx, the rest 409 with the Japanese "already changed" message; never a 5xx.</summary>
    private static async Task OneWinsAsync(HttpResponseMessage[] responses)
    {
        var codes = responses.Select(r => (int)r.StatusCode).ToList();
        codes.Count(c => c is >= 200 and < 300).ShouldBe(1, string.Join(",", codes));
        codes.Count(c => c == 409).ShouldBe(Racers - 1, string.Join(",", codes));
        foreach (var loser in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            var problem = (await loser.Content.ReadFromJsonAsync<ProblemDetails>(Ct))!;
            problem.Detail.ShouldNotBeNullOrWhiteSpace();
            problem.Detail.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}|\p{IsHiragana}");
        }
    }

    private async Task ExactlyOnceAsync(string auditAction, string relatedType, long relatedId, string? documentKind, string? notificationKind)
    {
        (await _factory.AuditEventsAsync(auditAction)).Count.ShouldBe(1, auditAction);
        var id = relatedId.ToString(CultureInfo.InvariantCulture);
        if (documentKind is not null)
        {
            (await _factory.DbAsync(db => db.Set<Itaku.Web.Features.Documents.OfficialDocument>()
                .CountAsync(d => d.RelatedType == relatedType && d.RelatedId == id && d.Kind == documentKind, Ct))).ShouldBe(1, documentKind);
        }

        if (notificationKind is not null)
        {
            var perRecipient = await _factory.DbAsync(db => db.Notifications.Where(n => n.Kind == notificationKind)
                .GroupBy(n => n.RecipientId).Select(g => g.Count()).ToListAsync(Ct));
            perRecipient.ShouldNotBeEmpty();
            perRecipient.ShouldAllBe(count => count == 1);
        }
    }

    [Fact]
    public async Task Submit_EightAtOnce_OneLetterToTheClient()
    {
        var draft = await NewRequestAsync(submit: false);
        var responses = await RaceAsync(_world.ResponsibleX, c => c.PostAsync(Requests($"/{draft.Id}/submit"), null, Ct));
        await OneWinsAsync(responses);
        await ExactlyOnceAsync("request.submitted", nameof(Request), draft.Id, "request.offsite-work.submitted", "request.submitted");
    }

    [Fact]
    public async Task Withdraw_EightAtOnce_OneWithdrawal()
    {
        var request = await NewRequestAsync(submit: true);
        var responses = await RaceAsync(_world.ResponsibleX, c => c.PostAsync(Requests($"/{request.Id}/withdraw"), null, Ct));
        await OneWinsAsync(responses);
        await ExactlyOnceAsync("request.withdrawn", nameof(Request), request.Id, null, null);
    }

    [Theory]
    [InlineData("approve", "request.approved", "request.offsite-work.approved")]
    [InlineData("reject", "request.rejected", "request.offsite-work.rejected")]
    [InlineData("return", "request.returned", "request.offsite-work.returned")]
    public async Task Decision_EightAtOnce_OneNumberedLetter(string verb, string action, string documentKind)
    {
        var request = await NewRequestAsync(submit: true);
        var responses = await RaceAsync(_world.StaffA, c => c.PostAsJsonAsync(Requests($"/{request.Id}/{verb}"),
            new { reason = "添付の作業計画に日付がありません。", conditions = "作業は平日日中に限る。", validUntil = "2027-03-31" }, Ct));
        await OneWinsAsync(responses);
        await ExactlyOnceAsync(action, nameof(Request), request.Id, documentKind, action);
    }

    [Fact]
    public async Task Revise_EightAtOnce_OneNewRevision()
    {
        var request = await NewRequestAsync(submit: true);
        using (var owner = await _world.ClientAsync(_world.StaffA))
        {
            (await owner.PostAsJsonAsync(Requests($"/{request.Id}/return"), new { reason = "日付を補ってください。" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var fields = RequestsApiTests.Complete(RequestKinds.Find("offsite-work")!);
        var responses = await RaceAsync(_world.ResponsibleX, c => c.PutAsJsonAsync(Requests($"/{request.Id}"), new { title = "庁舎外作業の申請（修正）", fields }, Ct));

        responses.ShouldAllBe(r => (int)r.StatusCode < 500);
        (await _factory.DbAsync(db => db.RequestRevisions.CountAsync(v => v.RequestId == request.Id, Ct))).ShouldBe(2);
    }

    [Fact]
    public async Task NoticeAcknowledge_EightAtOnce_OneAcknowledgementLetter()
    {
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        var created = await lead.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/notices", NoticesApiTests.Structure(), Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var notice = (await created.Content.ReadFromJsonAsync<NoticeDto>(Ct))!;

        var responses = await RaceAsync(_world.StaffA, c => c.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/notices/{notice.Id}/acknowledge", new { comment = "受理します。" }, Ct));

        await OneWinsAsync(responses);
        await ExactlyOnceAsync("notice.acknowledged", nameof(Notice), notice.Id, "notice.management-structure.acknowledged", "notice.acknowledged");
    }

    [Fact]
    public async Task RosterSubmit_EightAtOnce_OneNotice_No500()
    {
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        var url = $"/api/v1/contracts/{_world.ContractA}/roster";
        var draft = (await (await lead.PostAsync(url, null, Ct)).Content.ReadFromJsonAsync<RosterVersionDto>(Ct))!;
        var entries = new[]
        {
            RosterApiTests.Person("上州 一郎", RosterRole.Responsible),
            RosterApiTests.Person("榛名 二郎", RosterRole.Supervisor),
            RosterApiTests.Person("妙義 三郎", RosterRole.Worker),
        };
        var written = await lead.PutAsJsonAsync($"{url}/{draft.Version.Number}", new { entries, emergencyContacts = new[] { new { name = "夜間 当番", phone = "027-000-0000", role = "夜間当番", hours = "24時間" } } }, Ct);
        written.StatusCode.ShouldBe(HttpStatusCode.OK, await written.Content.ReadAsStringAsync(Ct));

        var responses = await RaceAsync(_world.ResponsibleX, c => c.PostAsync($"{url}/{draft.Version.Number}/submit", null, Ct));

        await OneWinsAsync(responses);
        (await _factory.AuditEventsAsync("roster.submitted")).Count.ShouldBe(1);
        (await _factory.DbAsync(db => db.Notices.CountAsync(n => n.RosterVersionId == draft.Version.Id, Ct))).ShouldBe(1);
        (await _factory.DbAsync(db => db.Set<Itaku.Web.Features.Documents.OfficialDocument>().CountAsync(d => d.Kind == "notice.roster.submitted", Ct))).ShouldBe(1);
        var perRecipient = await _factory.DbAsync(db => db.Notifications.Where(n => n.Kind == "notice.submitted").GroupBy(n => n.RecipientId).Select(g => g.Count()).ToListAsync(Ct));
        perRecipient.ShouldAllBe(count => count == 1);
    }

    [Theory]
    [InlineData("accept", "attestation.accepted")]
    [InlineData("return", "attestation.returned")]
    public async Task AttestationDecision_EightAtOnce_OneLetter(string verb, string action)
    {
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        var attestation = await AttestationFixtures.SubmitAsync(lead, _world.ContractA);

        var responses = await RaceAsync(_world.StaffA, c => c.PostAsJsonAsync($"{AttestationFixtures.Url(_world.ContractA)}/{attestation.Id}/{verb}", new { reason = "日付がありません。", comment = "確認しました。" }, Ct));

        await OneWinsAsync(responses);
        await ExactlyOnceAsync(action, nameof(Attestation), attestation.Id, action, action);
    }
}
