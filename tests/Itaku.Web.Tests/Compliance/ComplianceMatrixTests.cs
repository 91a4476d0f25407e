using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.LogSources;
using Itaku.Web.Tests.Infrastructure;
using Itaku.Web.Tests.Provisions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Compliance;

/// <summary>
/// The matrix of a contract under Gunma's provisions, moved through time with the test clock.
/// A monthly-report rule is plugged in from the test, as a later record type would plug in —
/// the matrix is not edited for it; log duties come from the real log-source rule.
/// </summary>
public sealed class ComplianceMatrixTests : IAsyncLifetime
{
    private const string Monthly = "sla.guarantee";               // Gunma 6: periodic-report, recurring P1M
    private const string LogsStanding = "logs.record-operations"; // Gunma 3-ウ: evidence-ledger, standing
    private const string LogsOnRequest = "logs.submit-on-request"; // Gunma 9: evidence-ledger, event
    private readonly MatrixFactory _factory = new();
    private World _world = null!;
    private long _contract;
    private DateOnly _start;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _world = await World.CreateAsync(_factory);
        _contract = _world.ContractA;
        // The contract starts 20 days from "today" in Tokyo and runs a year.
        _start = Today().AddDays(20);
        await _factory.DbAsync(async db =>
        {
            var c = await db.Contracts.FindAsync([_contract], Ct);
            (c!.StartDate, c.EndDate) = (_start, _start.AddYears(1).AddDays(-1));
            await db.SaveChangesAsync(Ct);
            return 0;
        });
        await ProvisionFixtures.AttachSetAsync(_factory, _contract);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_factory.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).DateTime);

    private void MoveTo(DateOnly day)
    {
        _factory.Clock.Advance(TimeSpan.FromDays(day.DayNumber - Today().DayNumber));
        _world.ForgetTokens();
    }

    private async Task<ContractObligationsDto> MatrixAsync(TestUser? user = null)
    {
        using var client = await _world.ClientAsync(user ?? _world.StaffA);
        return (await client.GetFromJsonAsync<ContractObligationsDto>($"/api/v1/contracts/{_contract}/obligations", Ct))!;
    }

    private static ContractObligationDto Row(ContractObligationsDto m, string key) => m.Items.Single(i => i.Key == key);

    [Fact]
    public async Task Recurring_NotYetDue_DueSoon_Overdue_ThenMetWhenTheReportArrives()
    {
        var firstDue = _start.AddMonths(1);

        var m = await MatrixAsync();
        (Row(m, Monthly).Status, Row(m, Monthly).NextDue).ShouldBe((ComplianceStatus.NotYetDue, firstDue));
        m.AssessedOn.ShouldBe(Today());

        MoveTo(firstDue.AddDays(-14));
        Row(await MatrixAsync(), Monthly).Status.ShouldBe(ComplianceStatus.DueSoon);

        MoveTo(firstDue.AddDays(1));
        m = await MatrixAsync();
        (Row(m, Monthly).Status, Row(m, Monthly).NextDue).ShouldBe((ComplianceStatus.Overdue, firstDue));
        m.Counts.Overdue.ShouldBeGreaterThanOrEqualTo(1);

        _factory.Services.GetRequiredService<ReportBook>().Add(_contract, Monthly, new EvidenceLink("6月分 月次報告書", _factory.Clock.GetUtcNow().UtcDateTime, Href: "/reports/1"));

        m = await MatrixAsync();
        var row = Row(m, Monthly);
        (row.Status, row.NextDue).ShouldBe((ComplianceStatus.Met, _start.AddMonths(2)));
        row.Records.ShouldHaveSingleItem().Label.ShouldBe("6月分 月次報告書");
        row.Records[0].Href.ShouldBe("/reports/1");
    }

    [Fact]
    public async Task LogDuties_AreOverdueOnceTheContractStartsWithoutLogs_AndMetWhenASourceDelivers()
    {
        var m = await MatrixAsync();
        (Row(m, LogsStanding).Status, Row(m, LogsStanding).NextDue).ShouldBe((ComplianceStatus.NotYetDue, _start));
        Row(m, LogsOnRequest).Status.ShouldBe(ComplianceStatus.NotYetDue);

        MoveTo(_start.AddDays(1));
        Row(await MatrixAsync(), LogsStanding).Status.ShouldBe(ComplianceStatus.Overdue);

        // A source that has delivered nothing proves nothing yet.
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var created = await responsible.PostAsJsonAsync($"/api/v1/contracts/{_contract}/log-sources", new { name = "業務サーバー" }, Ct);
        var source = (await created.Content.ReadFromJsonAsync<CreatedLogSourceDto>(Ct))!;
        Row(await MatrixAsync(), LogsStanding).Status.ShouldBe(ComplianceStatus.Overdue);

        using var ingest = _factory.CreateClient();
        ingest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", source.IngestToken);
        using var body = new StringContent($"{{\"time\":\"{_factory.Clock.GetUtcNow():O}\",\"event\":\"login\"}}\n", Encoding.UTF8, "application/x-ndjson");
        (await ingest.PostAsync($"/api/v1/ingest/{source.Source.Id}", body, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        m = await MatrixAsync(_world.ResponsibleX);
        var row = Row(m, LogsStanding);
        (row.Status, row.NextDue).ShouldBe((ComplianceStatus.Met, (DateOnly?)null));
        row.Records.ShouldHaveSingleItem().Href.ShouldBe($"/Contracts/{_contract}/LogSources");
        Row(m, LogsOnRequest).Status.ShouldBe(ComplianceStatus.Met);
    }

    [Fact]
    public async Task NotApplicable_And_NotTracked_AreShownAsSuch_AndCounted()
    {
        using var owner = await _world.ClientAsync(_world.StaffA);
        (await owner.PutAsJsonAsync($"/api/v1/contracts/{_contract}/obligations/{Monthly}/applicability", new { applicable = false }, Ct))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest); // a reason is required
        (await owner.PutAsJsonAsync($"/api/v1/contracts/{_contract}/obligations/{Monthly}/applicability", new { applicable = false, reason = "SLAを定めない契約のため。" }, Ct))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var m = await MatrixAsync();

        (Row(m, Monthly).Status, Row(m, Monthly).NextDue).ShouldBe((ComplianceStatus.NotApplicable, (DateOnly?)null));
        // Gunma's contractual duties with no record (damages, termination…) are not tracked.
        m.Items.Where(i => i.Evidence.RecordType == "none").ShouldNotBeEmpty();
        m.Items.Where(i => i.Evidence.RecordType == "none").ShouldAllBe(i => i.Status == ComplianceStatus.NotTracked);
        m.Counts.ShouldBe(ComplianceCounts.Of(m.Items.Select(i => i.Status)));
        m.Counts.NotApplicable.ShouldBe(1);
    }

    [Fact]
    public async Task Csv_IsUtf8WithBom_CrLf_OneLinePerObligation_AndDefusesFormulas()
    {
        using var owner = await _world.ClientAsync(_world.StaffA);
        (await owner.PutAsJsonAsync($"/api/v1/contracts/{_contract}/obligations/{Monthly}/applicability", new { applicable = false, reason = "=HYPERLINK(\"http://x\")" }, Ct))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await owner.GetAsync($"/api/v1/contracts/{_contract}/obligations.csv", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldStartWith("compliance-R8-");
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var lines = text.Split("\r\n");
        lines[0].ShouldBe("\"契約番号\",\"R8-情政-001\"");
        var header = Array.FindIndex(lines, l => l.StartsWith("\"条項\"", StringComparison.Ordinal));
        lines[header].ShouldContain("\"状況\",\"次の期限\"");
        var matrix = await MatrixAsync();
        lines.Skip(header + 1).Count(l => l.Length > 0).ShouldBe(matrix.Items.Count);
        var row = lines.Single(l => l.Contains($"\"{Monthly}\"", StringComparison.Ordinal));
        row.ShouldContain("\"対象外\"");
        row.ShouldContain("\"'=HYPERLINK(\"\"http://x\"\")\"");
    }

    [Fact]
    public async Task Matrix_AndCsv_OfAnotherPartysContract_AreHidden()
    {
        using var other = await _world.ClientAsync(_world.ResponsibleY);
        (await other.GetAsync($"/api/v1/contracts/{_contract}/obligations", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/v1/contracts/{_contract}/obligations.csv", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pages_ShowTheMatrix_PrintIt_AndDownloadTheCsv()
    {
        MoveTo(_start.AddDays(1));
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.StaffA);

        var page = WebUtility.HtmlDecode(await session.GetHtmlAsync($"/Contracts/{_contract}"));
        page.ShouldContain("遵守状況（特記事項の義務）");
        page.ShouldContain($"data-key=\"{LogsStanding}\"");
        page.ShouldContain("badge--overdue");
        page.ShouldContain($"/Contracts/{_contract}/Compliance?handler=Csv");

        var print = WebUtility.HtmlDecode(await session.GetHtmlAsync($"/Contracts/{_contract}/Compliance"));
        print.ShouldContain("遵守状況表");
        print.ShouldNotContain("対象外にする"); // no forms on paper

        var csv = await session.GetAsync($"/Contracts/{_contract}/Compliance?handler=Csv");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await csv.Content.ReadAsByteArrayAsync(Ct)).Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
    }

    /// <summary>A stand-in record type: monthly reports a test can file.</summary>
    public sealed class ReportBook
    {
        private readonly ConcurrentBag<(long Contract, string Key, EvidenceLink Link)> _reports = [];

        public void Add(long contract, string key, EvidenceLink link) => _reports.Add((contract, key, link));

        public IEnumerable<(long Contract, string Key, EvidenceLink Link)> All => _reports;
    }

    private sealed class ReportRule(ReportBook book) : IEvidenceRule
    {
        public string RecordType => "periodic-report";

        public Task FindAsync(EvidenceQuery query, EvidenceFindings findings, CancellationToken ct)
        {
            foreach (var (contract, key, link) in book.All.Where(r => query.ContractIds.Contains(r.Contract)))
            {
                findings.AddEvidence(contract, key, link);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class MatrixFactory : ItakuFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<ReportBook>();
                services.AddEvidenceRule<ReportRule>();
            });
        }
    }
}
