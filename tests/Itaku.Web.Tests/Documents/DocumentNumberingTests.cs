using Itaku.Web.Features.Documents;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Documents;

/// <summary>
/// Document numbers: per contract and fiscal year (April–March, Japan time), in the configured format,
/// unique when issued concurrently, and taken back with the caller's transaction. Service-level: this
/// class moves the clock by months, which no token or TOTP code would survive.
/// </summary>
public sealed class DocumentNumberingTests : IAsyncLifetime
{
    private readonly NumberingFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Numbers_CountPerContractAndFiscalYear_AndRestartOnTheFirstOfApril()
    {
        // 2027-03-31 23:30 in Tokyo is still fiscal 2026 (令和8年度); half an hour later fiscal 2027 begins.
        MoveClockTo(new DateTimeOffset(2027, 3, 31, 23, 30, 0, TimeSpan.FromHours(9)));
        var march1 = await _factory.IssueAsync(DocumentFixtures.Draft(_world.ContractA));
        var march2 = await _factory.IssueAsync(DocumentFixtures.Draft(_world.ContractA));
        var otherContract = await _factory.IssueAsync(DocumentFixtures.Draft(_world.ContractB));
        _factory.Clock.Advance(TimeSpan.FromMinutes(31));
        var april = await _factory.IssueAsync(DocumentFixtures.Draft(_world.ContractA));

        (march1.FiscalYear, march1.Sequence, march2.Sequence, otherContract.Sequence).ShouldBe((2026, 1, 2, 1));
        (april.FiscalYear, april.Sequence).ShouldBe((2027, 1));
        march2.Number.ShouldBe("第002号 令和8年度 2026 R8-情政-001");
        april.Number.ShouldBe("第001号 令和9年度 2027 R8-情政-001");
        otherContract.Number.ShouldBe("第001号 令和8年度 2026 R8-税務-001");

        // Documents:DateStyle = Gregorian here; the date is the Tokyo date.
        var html = await _factory.DbAsync(db => db.Set<OfficialDocument>().Where(d => d.Id == april.Id).Select(d => d.Html).SingleAsync(Ct));
        html.ShouldContain("<p class=\"date\">2027年4月1日</p>");
        html.ShouldContain("第001号 令和9年度 2027 R8-情政-001");
    }

    [Fact]
    public async Task ConcurrentIssuing_GivesEveryDocumentItsOwnNumber_WithoutGaps()
    {
        const int n = 12;
        var contract = await NewContractAsync();

        var documents = await Task.WhenAll(Enumerable.Range(0, n).Select(i =>
            Task.Run(() => _factory.IssueAsync(DocumentFixtures.Draft(contract, $"同時発行 {i}")), Ct)));

        documents.Select(d => d.Sequence).Order().ShouldBe(Enumerable.Range(1, n));
        documents.Select(d => d.Number).Distinct().Count().ShouldBe(n);
        var events = await _factory.AuditEventsAsync("document.issued");
        events.Count(e => e.ContractId == contract).ShouldBe(n);
        events.Where(e => e.ContractId == contract).ShouldAllBe(e => e.LedgerIndex != null);
    }

    [Fact]
    public async Task IssuedInsideTheCallersTransaction_ARollbackTakesTheDocumentAndItsNumberBack()
    {
        var contract = await NewContractAsync();
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            var inside = await scope.ServiceProvider.GetRequiredService<DocumentService>().IssueAsync(DocumentFixtures.Draft(contract), Ct);
            inside.Sequence.ShouldBe(1);
            await tx.RollbackAsync(Ct);
        }

        (await _factory.DbAsync(db => db.Set<OfficialDocument>().CountAsync(d => d.ContractId == contract, Ct))).ShouldBe(0);
        (await _factory.AuditEventsAsync("document.issued")).ShouldNotContain(e => e.ContractId == contract);
        (await _factory.IssueAsync(DocumentFixtures.Draft(contract))).Sequence.ShouldBe(1);
    }

    [Fact]
    public void NumberFormat_WithoutSeqOrWithAnUnknownPlaceholder_IsRefused()
    {
        DocumentNumbers.Problem("{contract} 第号").ShouldNotBeNull();
        DocumentNumbers.Problem("{contract} 第{number}号 {seq}").ShouldNotBeNull();
        DocumentNumbers.Problem("").ShouldNotBeNull();
        DocumentNumbers.Problem("{era}{contract}第{seq}号").ShouldBeNull();
        DocumentNumbers.EraFiscalYear(2019).ShouldBe("平成31年度");
        DocumentNumbers.EraFiscalYear(2020).ShouldBe("令和2年度");
    }

    [Fact]
    public void AWrongNumberFormat_IsRefusedByTheSettingsValidation()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Documents:NumberFormat"] = "{contract} 第{number}号" });
        builder.AddItakuDocuments();
        using var app = builder.Build();

        var e = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DocumentSettings>>().Value);
        e.Message.ShouldContain("Documents:NumberFormat");
    }

    private void MoveClockTo(DateTimeOffset target) => _factory.Clock.Advance(target - _factory.Clock.GetUtcNow());

    private async Task<long> NewContractAsync() => await _factory.DbAsync(async db =>
    {
        var template = await db.Contracts.AsNoTracking().SingleAsync(c => c.Id == _world.ContractA, Ct);
        var contract = new Itaku.Web.Features.Contracts.Contract
        {
            Number = "R8-番号-" + Guid.NewGuid().ToString("N")[..6],
            Title = "採番検査業務委託",
            ClientDepartmentId = template.ClientDepartmentId,
            ContractorId = template.ContractorId,
            StartDate = template.StartDate,
            EndDate = template.EndDate,
            Status = template.Status,
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        db.Contracts.Add(contract);
        await db.SaveChangesAsync(Ct);
        return contract.Id;
    });

    private sealed class NumberingFactory : ItakuFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Documents:ChromiumPath"] = NoChromiumFactory.MissingPath,
            ["Documents:NumberFormat"] = "第{seq:3}号 {era} {fy} {contract}",
            ["Documents:DateStyle"] = "Gregorian",
        };
    }
}
