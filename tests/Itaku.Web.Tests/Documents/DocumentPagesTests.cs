using System.Net;
using Itaku.Web.Features.Documents;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Documents;

/// <summary>The contract's document list (with the files themselves) and the verification page, as a signed-in browser sees them.</summary>
public sealed class DocumentPagesTests : IAsyncLifetime
{
    private readonly NoChromiumFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task List_ShowsNumberDateAndSubject_ServesTheStoredHtml_AndExplainsTheMissingPdf()
    {
        var doc = await _factory.IssueAsync(DocumentFixtures.Draft(_world.ContractA, "作業場所変更届"));
        await _factory.CreatePdfAsync(doc.Id);
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.WorkerX);
        var page = $"/Contracts/{_world.ContractA}/Documents";

        var html = WebUtility.HtmlDecode(await session.GetHtmlAsync(page));
        html.ShouldContain(doc.Number);
        html.ShouldContain("作業場所変更届");
        html.ShouldContain(PdfPrinter.ChromiumMissing);
        html.ShouldContain($"{page}/{doc.Id}/Html?download=true");

        var view = await session.GetAsync($"{page}/{doc.Id}/Html");
        view.StatusCode.ShouldBe(HttpStatusCode.OK);
        view.Headers.GetValues("Content-Security-Policy").Single().ShouldBe(DocumentFiles.HtmlPolicy);
        var saved = await session.GetAsync($"{page}/{doc.Id}/Html?download=true");
        saved.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        DocumentFixtures.Sha256(await saved.Content.ReadAsByteArrayAsync(Ct)).ShouldBe(doc.HtmlSha256);

        var pdf = await session.GetAsync($"{page}/{doc.Id}/Pdf");
        pdf.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        WebUtility.HtmlDecode(await pdf.Content.ReadAsStringAsync(Ct)).ShouldContain("Chromium が見つかりません");
    }

    [Fact]
    public async Task AnotherContractsUser_Gets404_OnTheListAndTheFiles()
    {
        var doc = await _factory.IssueAsync(DocumentFixtures.Draft(_world.ContractA));
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.ResponsibleY);
        var page = $"/Contracts/{_world.ContractA}/Documents";

        (await session.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await session.GetAsync($"{page}/{doc.Id}/Html")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await session.GetAsync($"{page}/{doc.Id}/Pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await session.GetAsync($"/Contracts/{_world.ContractB}/Documents/{doc.Id}/Html")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task VerifyPage_SaysMatchForTheSavedFile_AndNoMatchAfterOneChangedByte()
    {
        var doc = await _factory.IssueAsync(DocumentFixtures.Draft(_world.ContractA, "照合画面の書面"));
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.ResponsibleX);
        var saved = await (await session.GetAsync($"/Contracts/{_world.ContractA}/Documents/{doc.Id}/Html?download=true")).Content.ReadAsByteArrayAsync(Ct);

        var match = WebUtility.HtmlDecode(await PostFileAsync(session, saved));
        match.ShouldContain("一致");
        match.ShouldNotContain("不一致");
        match.ShouldContain(doc.Number);
        match.ShouldContain(doc.HtmlSha256);

        saved[^3] ^= 0x01;
        var mismatch = WebUtility.HtmlDecode(await PostFileAsync(session, saved));
        mismatch.ShouldContain("不一致");
        mismatch.ShouldNotContain(doc.Number);
    }

    [Fact]
    public async Task VerifyPage_RefusesAPostWithoutTheAntiforgeryToken()
    {
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.ResponsibleX);
        using var form = DocumentFixtures.Upload("<html></html>"u8.ToArray());
        form.Add(new ByteArrayContent("<html></html>"u8.ToArray()), "Upload", "document.html");

        (await session.Client.PostAsync("/Documents/Verify", form, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static async Task<string> PostFileAsync(CookieSession session, byte[] file)
    {
        var token = CookieSession.AntiforgeryToken(await session.GetHtmlAsync("/Documents/Verify"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(file), "Upload", "document.html" },
        };
        var response = await session.Client.PostAsync("/Documents/Verify", form, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return body;
    }
}
