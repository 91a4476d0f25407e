using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Itaku.Web.Features.Documents;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Documents;

/// <summary>
/// PDFs printed by the real headless Chromium (/usr/bin/chromium, installed by scripts/test.sh): the hash of
/// the PDF served is the one in the audit event and its ledger entry, the Japanese text is in it (pdftotext),
/// verification tells the exact PDF from a changed one, and a PDF once made is never printed again.
/// </summary>
public sealed class DocumentPdfTests : IAsyncLifetime
{
    private readonly QuickSweepFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Pdf_HashMatchesTheLedger_ContainsTheJapaneseText_AndVerifies()
    {
        var doc = await _factory.IssueAsync(DocumentFixtures.Draft(_world.ContractA, "再委託承認申請書",
            new DocumentField("再委託先の名称", "赤城データ株式会社"), new DocumentField("取り扱う情報", "住民基本台帳情報")));
        (await _factory.CreatePdfAsync(doc.Id)).ShouldBe(PdfStatus.Created);
        using var staff = await _world.ClientAsync(_world.StaffA);

        var response = await staff.GetAsync($"/api/v1/contracts/{_world.ContractA}/documents/{doc.Id}/pdf", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var pdf = await response.Content.ReadAsByteArrayAsync(Ct);
        var meta = (await staff.GetFromJsonAsync<DocumentDto>($"/api/v1/contracts/{_world.ContractA}/documents/{doc.Id}", Ct))!;

        var hash = DocumentFixtures.Sha256(pdf);
        (meta.PdfStatus, meta.PdfSha256, meta.PdfMessage).ShouldBe((PdfStatus.Created, hash, null));
        var created = (await _factory.AuditEventsAsync("document.pdf-created")).Single(e => e.SubjectId == doc.Id.ToString());
        created.LedgerIndex.ShouldBe(meta.PdfLedgerIndex);
        JsonDocument.Parse(created.Details!).RootElement.GetProperty("pdfSha256").GetString().ShouldBe(hash);
        var leaf = await _factory.LedgerEntryAsync(meta.PdfLedgerIndex!.Value);
        leaf.GetProperty("action").GetString().ShouldBe("document.pdf-created");
        leaf.GetProperty("details").GetProperty("pdfSha256").GetString().ShouldBe(hash);
        leaf.GetProperty("details").GetProperty("htmlSha256").GetString().ShouldBe(meta.HtmlSha256);

        var text = await PdfToTextAsync(pdf);
        text.ShouldContain("再委託承認申請書");
        text.ShouldContain("赤城データ株式会社");
        text.ShouldContain("住民基本台帳情報");
        text.ShouldContain(doc.Number);

        var exact = (await (await staff.PostAsync("/api/v1/documents/verify", DocumentFixtures.Upload(pdf, "document.pdf"), Ct)).Content.ReadFromJsonAsync<VerifyResultDto>(Ct))!;
        (exact.Matches, exact.Which, exact.Number, exact.LedgerIndex).ShouldBe((true, "pdf", doc.Number, meta.PdfLedgerIndex));
        var changed = (byte[])pdf.Clone();
        changed[^10] ^= 0x20;
        var no = (await (await staff.PostAsync("/api/v1/documents/verify", DocumentFixtures.Upload(changed, "document.pdf"), Ct)).Content.ReadFromJsonAsync<VerifyResultDto>(Ct))!;
        no.Matches.ShouldBeFalse();
    }

    [Fact]
    public async Task APdfOnceMade_IsNeverPrintedAgain()
    {
        var doc = await _factory.IssueAsync(DocumentFixtures.Draft(_world.ContractA, "一度だけ印刷する書面"));
        await _factory.CreatePdfAsync(doc.Id);
        var first = await _factory.DbAsync(db => Task.FromResult(db.Set<OfficialDocument>().Single(d => d.Id == doc.Id).Pdf!));

        (await _factory.CreatePdfAsync(doc.Id)).ShouldBe(PdfStatus.Created);

        var again = await _factory.DbAsync(db => Task.FromResult(db.Set<OfficialDocument>().Single(d => d.Id == doc.Id).Pdf!));
        again.ShouldBe(first);
        (await _factory.AuditEventsAsync("document.pdf-created")).Count(e => e.SubjectId == doc.Id.ToString()).ShouldBe(1);
    }

    [Fact]
    public async Task TheBackgroundPrinter_PrintsAnIssuedDocumentByItself()
    {
        var doc = await _factory.IssueAsync(DocumentFixtures.Draft(_world.ContractA, "自動で印刷される書面"));

        (await WaitForPdfAsync(doc.Id)).ShouldBe(PdfStatus.Created);
    }

    [Fact]
    public async Task TheBackgroundPrinter_AlsoPrintsADocumentIssuedInsideAnotherFeaturesTransaction()
    {
        DocumentDto doc;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            doc = await scope.ServiceProvider.GetRequiredService<DocumentService>().IssueAsync(DocumentFixtures.Draft(_world.ContractA, "取引内で発行された書面"), Ct);
            await Task.Delay(500, Ct); // the caller goes on with its own work before committing
            await tx.CommitAsync(Ct);
        }

        (await WaitForPdfAsync(doc.Id)).ShouldBe(PdfStatus.Created);
    }

    private async Task<PdfStatus> WaitForPdfAsync(long id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        PdfStatus status;
        do
        {
            await Task.Delay(250, Ct);
            status = await _factory.DbAsync(db => Task.FromResult(db.Set<OfficialDocument>().Where(d => d.Id == id).Select(d => d.PdfStatus).Single()));
        }
        while (status == PdfStatus.Pending && DateTime.UtcNow < deadline);

        return status;
    }

    /// <summary>The real Chromium, and a sweep every second instead of every ten.</summary>
    private sealed class QuickSweepFactory : ItakuFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Documents:PdfSweepInterval"] = "00:00:01" };
    }

    private static Task<string> PdfToTextAsync(byte[] pdf) => PdfText.ExtractAsync(pdf);
}
