using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Itaku.Web.Features.Documents;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Documents;

/// <summary>
/// The documents API on an instance without Chromium: snapshots escape every value and are self-contained,
/// their hash is the one in the audit trail and the ledger, verification tells an exact copy from a changed
/// one, other contracts' documents are hidden, and a missing Chromium is explained.
/// </summary>
public sealed class DocumentApiTests : IAsyncLifetime
{
    private readonly NoChromiumFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private string Url(long contract, long? doc = null, string? part = null) =>
        $"/api/v1/contracts/{contract}/documents" + (doc is null ? "" : $"/{doc}") + (part is null ? "" : $"/{part}");

    [Fact]
    public async Task Html_EscapesEveryValue_AndIsSelfContainedJapaneseA4()
    {
        const string evil = "<script>alert(\"x\")</script>&<img src=x onerror=alert(1)>";
        var draft = DocumentFixtures.Draft(_world.ContractA, "件名" + evil, new DocumentField("項目" + evil, "値" + evil + "\n二行目")) with
        {
            Addressee = "宛先" + evil,
            Sender = "発信者" + evil,
            Paragraphs = ["本文" + evil],
            Attachments = [new DocumentAttachment("添付" + evil, 1, "b" + evil)],
        };
        var doc = await _factory.IssueAsync(draft);
        using var staff = await _world.ClientAsync(_world.StaffA);

        var response = await staff.GetAsync(Url(_world.ContractA, doc.Id, "html"), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldBe(DocumentFiles.HtmlPolicy);
        var html = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Ct));
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("<img", Case.Insensitive);
        html.ShouldNotContain("\"x\"");
        html.Split("&lt;script&gt;").Length.ShouldBe(10); // 9 places: subject ×2 (title, h1), addressee, sender, paragraph, label, value, attachment name and hash
        html.ShouldContain("値&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;img src=x onerror=alert(1)&gt;<br>二行目");
        html.ShouldStartWith("<!DOCTYPE html>\n<html lang=\"ja\">");
        html.ShouldContain("size: A4 portrait");
        html.ShouldContain("IPAexMincho");
        html.ShouldContain("default-src 'none'");
        html.ShouldNotContain("http://");
        html.ShouldNotContain("https://");
        html.ShouldNotContain("<link", Case.Insensitive);
        html.ShouldContain("<p class=\"ki\">記</p>");
        html.ShouldContain("<p class=\"ijo\">以上</p>");
        html.ShouldContain(doc.Number);
        html.ShouldContain("<p class=\"date\">令和"); // Documents:DateStyle defaults to 和暦
    }

    [Fact]
    public async Task HtmlHash_IsTheOneInTheAuditEventAndItsLedgerEntry()
    {
        var doc = await _factory.IssueAsync(DocumentFixtures.Draft(_world.ContractA));
        using var staff = await _world.ClientAsync(_world.StaffA);

        var bytes = await staff.GetByteArrayAsync(Url(_world.ContractA, doc.Id, "html"), Ct);
        var meta = (await staff.GetFromJsonAsync<DocumentDto>(Url(_world.ContractA, doc.Id), Ct))!;

        var hash = DocumentFixtures.Sha256(bytes);
        meta.HtmlSha256.ShouldBe(hash);
        var issued = (await _factory.AuditEventsAsync("document.issued")).Single(e => e.SubjectId == doc.Id.ToString());
        (issued.ContractId, issued.LedgerIndex).ShouldBe((_world.ContractA, meta.LedgerIndex));
        JsonDocument.Parse(issued.Details!).RootElement.GetProperty("htmlSha256").GetString().ShouldBe(hash);
        var leaf = await _factory.LedgerEntryAsync(meta.LedgerIndex!.Value);
        leaf.GetProperty("action").GetString().ShouldBe("document.issued");
        leaf.GetProperty("subjectId").GetString().ShouldBe(doc.Id.ToString());
        leaf.GetProperty("details").GetProperty("htmlSha256").GetString().ShouldBe(hash);
        leaf.GetProperty("details").GetProperty("number").GetString().ShouldBe(doc.Number);
    }

    [Fact]
    public async Task Verify_TheExactFileMatches_OneChangedByteDoesNot()
    {
        var doc = await _factory.IssueAsync(DocumentFixtures.Draft(_world.ContractA, "検証用通知書"));
        using var worker = await _world.ClientAsync(_world.WorkerX);
        var bytes = await worker.GetByteArrayAsync(Url(_world.ContractA, doc.Id, "html"), Ct);

        var exact = await worker.PostAsync("/api/v1/documents/verify", DocumentFixtures.Upload(bytes), Ct);
        exact.StatusCode.ShouldBe(HttpStatusCode.OK, await exact.Content.ReadAsStringAsync(Ct));
        var yes = (await exact.Content.ReadFromJsonAsync<VerifyResultDto>(Ct))!;
        (yes.Matches, yes.Accessible, yes.Which, yes.DocumentId, yes.Number, yes.ContractNumber, yes.LedgerIndex)
            .ShouldBe((true, true, "html", (long?)doc.Id, doc.Number, "R8-情政-001", doc.LedgerIndex));
        yes.IssuedAt.ShouldBe(doc.IssuedAt);
        yes.Message.ShouldStartWith("一致");

        var changed = (byte[])bytes.Clone();
        changed[changed.Length / 2] ^= 0x01;
        var no = (await (await worker.PostAsync("/api/v1/documents/verify", DocumentFixtures.Upload(changed), Ct)).Content.ReadFromJsonAsync<VerifyResultDto>(Ct))!;
        (no.Matches, no.Number, no.DocumentId).ShouldBe((false, null, null));
        no.Sha256.ShouldBe(DocumentFixtures.Sha256(changed));
        no.Message.ShouldStartWith("不一致");
    }

    [Fact]
    public async Task Verify_ByAUserWhoCannotSeeTheContract_ConfirmsTheMatchButTellsNothingElse()
    {
        var doc = await _factory.IssueAsync(DocumentFixtures.Draft(_world.ContractA, "他契約の書面"));
        using var staff = await _world.ClientAsync(_world.StaffA);
        var bytes = await staff.GetByteArrayAsync(Url(_world.ContractA, doc.Id, "html"), Ct);
        using var outsider = await _world.ClientAsync(_world.ResponsibleY);

        var response = await outsider.PostAsync("/api/v1/documents/verify", DocumentFixtures.Upload(bytes), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync(Ct);
        var result = JsonSerializer.Deserialize<VerifyResultDto>(body, JsonSerializerOptions.Web)!;
        (result.Matches, result.Accessible, result.DocumentId, result.Number, result.ContractId, result.Subject, result.LedgerIndex)
            .ShouldBe((true, false, null, null, null, null, null));
        body.ShouldNotContain(doc.Number);
        body.ShouldNotContain("他契約の書面");
    }

    [Fact]
    public async Task Verify_WithoutAFile_Returns400NamingFile()
    {
        using var staff = await _world.ClientAsync(_world.StaffA);
        using var empty = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        await (await staff.PostAsync("/api/v1/documents/verify", empty, Ct)).ShouldBeValidationProblemForAsync("file");
        await (await staff.PostAsync("/api/v1/documents/verify", DocumentFixtures.Upload([]), Ct)).ShouldBeValidationProblemForAsync("file");
    }

    [Theory]
    [InlineData(DocumentService.MaxVerifyBytes + 1)]
    [InlineData(DocumentService.MaxVerifyBytes + 1024 * 1024)]
    public async Task Verify_AFileOverTheLimit_IsRefusedWithA4xx(int size)
    {
        using var staff = await _world.ClientAsync(_world.StaffA);

        var response = await staff.PostAsync("/api/v1/documents/verify", DocumentFixtures.Upload(new byte[size]), Ct);

        ((int)response.StatusCode).ShouldBeInRange(400, 499, await response.Content.ReadAsStringAsync(Ct));
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task AUserOfAnotherContract_Gets404_OnEveryDocumentRoute()
    {
        var doc = await _factory.IssueAsync(DocumentFixtures.Draft(_world.ContractA));
        using var outsider = await _world.ClientAsync(_world.ResponsibleY);
        using var owner = await _world.ClientAsync(_world.StaffA);

        foreach (var url in new[] { Url(_world.ContractA), Url(_world.ContractA, doc.Id), Url(_world.ContractA, doc.Id, "html"), Url(_world.ContractA, doc.Id, "pdf") })
        {
            var response = await outsider.GetAsync(url, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
            (await response.Content.ReadAsStringAsync(Ct)).ShouldNotContain(doc.Number);
            (await owner.GetAsync(url, Ct)).StatusCode.ShouldNotBe(HttpStatusCode.NotFound, url);
        }

        // Contract B's own reader asks for contract A's document under contract B: still 404.
        (await outsider.GetAsync(Url(_world.ContractB, doc.Id), Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetAsync(Url(_world.ContractB, doc.Id, "html"), Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = (await outsider.GetFromJsonAsync<CursorPage<DocumentDto>>(Url(_world.ContractB), Ct))!;
        list.Items.ShouldNotContain(d => d.Id == doc.Id);
    }

    [Fact]
    public async Task WithoutChromium_TheDocumentExistsWithoutPdf_AndSaysWhyClearly()
    {
        var doc = await _factory.IssueAsync(DocumentFixtures.Draft(_world.ContractA));
        (await _factory.CreatePdfAsync(doc.Id)).ShouldBe(PdfStatus.Unavailable);
        using var staff = await _world.ClientAsync(_world.StaffA);

        var meta = (await staff.GetFromJsonAsync<DocumentDto>(Url(_world.ContractA, doc.Id), Ct))!;
        (meta.PdfStatus, meta.PdfSha256, meta.PdfMessage).ShouldBe((PdfStatus.Unavailable, null, PdfPrinter.ChromiumMissing));
        PdfPrinter.ChromiumMissing.ShouldContain("Chromium が見つかりません");
        var pdf = await staff.GetAsync(Url(_world.ContractA, doc.Id, "pdf"), Ct);
        pdf.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await pdf.ReadJsonAsync();
        problem.GetProperty("detail").GetString().ShouldBe(PdfPrinter.ChromiumMissing);
        problem.GetProperty("pdfStatus").GetString().ShouldBe("Unavailable");
        (await staff.GetAsync(Url(_world.ContractA, doc.Id, "html"), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Recorded once, not again at every retry that finds Chromium still missing.
        (await _factory.CreatePdfAsync(doc.Id)).ShouldBe(PdfStatus.Unavailable);
        (await _factory.AuditEventsAsync("document.pdf-not-created")).Count(e => e.SubjectId == doc.Id.ToString()).ShouldBe(1);
    }

    [Fact]
    public async Task OpenApi_DescribesTheDocumentRoutes()
    {
        using var anonymous = _factory.CreateClient();
        var json = await anonymous.GetStringAsync("/openapi/v1.json", Ct);
        json.ShouldContain("/api/v1/documents/verify");
        json.ShouldContain("/api/v1/contracts/{id}/documents/{docId}/pdf");
    }

    [Fact]
    public async Task List_ShowsTheContractsDocuments_NewestFirst_WithCursorPaging()
    {
        var contract = _world.ContractB;
        var issued = new List<DocumentDto>();
        for (var i = 0; i < 3; i++)
        {
            issued.Add(await _factory.IssueAsync(DocumentFixtures.Draft(contract, $"一覧 {i}")));
        }

        using var owner = await _world.ClientAsync(_world.StaffB);
        var first = (await owner.GetFromJsonAsync<CursorPage<DocumentDto>>(Url(contract) + "?limit=2", Ct))!;
        first.Items.Select(d => d.Subject).ShouldBe(["一覧 2", "一覧 1"]);
        var second = (await owner.GetFromJsonAsync<CursorPage<DocumentDto>>(Url(contract) + "?limit=2&cursor=" + first.NextCursor, Ct))!;
        second.Items.Select(d => d.Subject).ShouldBe(["一覧 0"]);
        second.NextCursor.ShouldBeNull();
    }
}
