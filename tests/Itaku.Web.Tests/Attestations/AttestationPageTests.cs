using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Itaku.Web.Features.Attestations;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Itaku.Web.Tests.Attestations.AttestationFixtures;

namespace Itaku.Web.Tests.Attestations;

/// <summary>The pages: the Responsible submits through the form with a file, the Owner returns or accepts, readers download.</summary>
public sealed class AttestationPageTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    public async ValueTask InitializeAsync() => _world = await WorldAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private string Page => $"/Contracts/{_world.ContractA}/Attestations";

    /// <summary>Posts the submission form as a browser does: multipart, with the page's antiforgery token.</summary>
    private async Task<HttpResponseMessage> PostSubmissionAsync(CookieSession session, string fileName, byte[] file, string? basedOn = null)
    {
        var html = await session.GetHtmlAsync(Page + (basedOn is null ? $"?key={Key}" : $"?basedOn={basedOn}"));
        html.ShouldContain("multipart/form-data");
        html.ShouldContain($"<option value=\"{Key}\" selected=\"selected\">");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(CookieSession.AntiforgeryToken(html)), "__RequestVerificationToken" },
            { new StringContent(Key), "Input.ObligationKey" },
            { new StringContent("全従事者から秘密保持の誓約書を徴取した。", Encoding.UTF8), "Input.Statement" },
            { new StringContent("2026-04-01"), "Input.ValidFrom" },
            { new StringContent("2027-03-31"), "Input.ValidUntil" },
        };
        if (basedOn is not null)
        {
            form.Add(new StringContent(basedOn), "Input.BasedOnId");
        }

        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "Input.Files", fileName);
        return await session.Client.PostAsync(Page, form, Ct);
    }

    [Fact]
    public async Task Responsible_SubmitsThroughTheForm_WithAFile_OwnerReturns_ResponsibleResubmits_OwnerAccepts()
    {
        using var responsible = new CookieSession(_factory);
        await responsible.SignInAsync(_world.ResponsibleX);

        var response = await PostSubmissionAsync(responsible, "誓約書.pdf", Pdf());

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync(Ct));
        var detail = response.Headers.Location!.OriginalString;
        var stored = await _factory.DbAsync(db => db.Set<Attestation>().Include(a => a.Attachments).SingleAsync(Ct));
        detail.ShouldBe($"{Page}/{stored.Id}");
        (stored.ObligationKey, stored.SubmittedById, stored.Attachments.Single().FileName).ShouldBe((Key, _world.ResponsibleX.Id, "誓約書.pdf"));
        var html = await responsible.GetHtmlAsync(detail);
        html.ShouldContain("誓約書.pdf");
        html.ShouldContain("確認待ち");
        html.ShouldNotContain("受理する"); // the Responsible does not decide

        // Downloading through the page (a browser has no bearer token) gives the same bytes.
        var file = stored.Attachments.Single();
        var download = await responsible.GetAsync($"{detail}?handler=Download&attachmentId={file.Id}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync(Ct)).ShouldBe(Pdf());
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");

        using var owner = new CookieSession(_factory);
        await owner.SignInAsync(_world.StaffA);
        (await owner.GetHtmlAsync(detail)).ShouldContain("受理する");
        var empty = await owner.PostFormAsync(detail, $"{detail}?handler=Return", [new("Input.Reason", " ")]);
        empty.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await CookieSession.ReadTextAsync(empty)).ShouldContain("差し戻す理由を入力してください。");
        var returned = await owner.PostFormAsync(detail, $"{detail}?handler=Return", [new("Input.Reason", "日付の記載がありません。")]);
        returned.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var again = await responsible.GetHtmlAsync(detail);
        again.ShouldContain("日付の記載がありません。");
        again.ShouldContain($"?basedOn={stored.Id}");
        var resubmitted = await PostSubmissionAsync(responsible, "誓約書（日付入り）.pdf", Pdf("日付入り"), basedOn: stored.Id.ToString());
        resubmitted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var second = resubmitted.Headers.Location!.OriginalString;

        var accepted = await owner.PostFormAsync(second, $"{second}?handler=Accept", [new("Input.Comment", "")]);
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var list = await owner.GetHtmlAsync(Page);
        list.ShouldContain("受理");
        list.ShouldContain("差戻し");
        (await _factory.DbAsync(db => db.Set<Attestation>().OrderBy(a => a.Id).Select(a => a.Status).ToListAsync(Ct)))
            .ShouldBe([AttestationStatus.Returned, AttestationStatus.Accepted]);
    }

    [Fact]
    public async Task Form_WithAnExecutableNamedPdf_ShowsTheErrorAndStoresNothing()
    {
        using var responsible = new CookieSession(_factory);
        await responsible.SignInAsync(_world.ResponsibleX);

        var response = await PostSubmissionAsync(responsible, "報告書.pdf", Exe());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await CookieSession.ReadTextAsync(response)).ShouldContain("ファイル「報告書.pdf」の内容が拡張子と合わない");
        (await _factory.DbAsync(db => db.Set<Attestation>().CountAsync(Ct))).ShouldBe(0);
    }

    [Fact]
    public async Task Worker_SeesTheListButNoForm_AnotherContractsUserGets404()
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var a = await SubmitAsync(responsible, _world.ContractA, files: ("指示書.pdf", Pdf()));

        using var worker = new CookieSession(_factory);
        await worker.SignInAsync(_world.WorkerX);
        var html = await worker.GetHtmlAsync(Page);
        html.ShouldContain($"#{a.Id}");
        html.ShouldNotContain("Input.Statement");

        using var stranger = new CookieSession(_factory);
        await stranger.SignInAsync(_world.ResponsibleY);
        (await stranger.GetAsync(Page)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"{Page}/{a.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"{Page}/{a.Id}?handler=Download&attachmentId={a.Attachments[0].Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"/Contracts/{_world.ContractB}/Attestations/{a.Id}?handler=Download&attachmentId={a.Attachments[0].Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
