using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Tests.Attestations;

/// <summary>
/// Truncated, garbled or mismatched multipart bodies on every API route that reads a form (attestation
/// submission, document verification): a 400 in Japanese, never a 500, and nothing stored.
/// </summary>
public sealed class MalformedMultipartTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await AttestationFixtures.WorldAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    public static TheoryData<string, string> Bodies() => new()
    {
        // Ends before the closing boundary.
        { "b", "--b\r\nContent-Disposition: form-data; name=\"obligationKey\"\r\n\r\nconfidentiality\r\n--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.7 trunc" },
        // Not multipart at all.
        { "b", "hello" },
        // A boundary that does not match the body's.
        { "other", "--b\r\nContent-Disposition: form-data; name=\"statement\"\r\n\r\nx\r\n--b--\r\n" },
        // Headers of a part that never end.
        { "b", "--b\r\nContent-Disposition: form-data; name=\"statement\"" },
    };

    private static HttpContent Content(string boundary, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return content;
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task MalformedMultipart_Is400InJapanese_OnEveryFormRoute(string boundary, string body)
    {
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        var before = await _factory.AuditEventCountAsync();
        foreach (var url in new[] { AttestationFixtures.Url(_world.ContractA), "/api/v1/documents/verify" })
        {
            using var response = await lead.PostAsync(url, Content(boundary, body), Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{url}: {text}");
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
            text.ShouldContain("読み取れません");
        }

        (await _factory.DbAsync(db => db.Set<Itaku.Web.Features.Attestations.Attestation>().CountAsync(Ct))).ShouldBe(0);
        (await _factory.AuditEventCountAsync()).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task MalformedMultipart_OnEveryPageThatTakesFiles_Is400_Never500(string boundary, string body)
    {
        using var lead = new CookieSession(_factory);
        await lead.SignInAsync(_world.ResponsibleX);
        using var admin = new CookieSession(_factory);
        await admin.SignInAsync(_world.Admin);
        var before = await _factory.AuditEventCountAsync();
        foreach (var (session, page) in new[] { (lead, $"/Contracts/{_world.ContractA}/Attestations"), (lead, "/Documents/Verify"), (admin, "/ProvisionSets/Import") })
        {
            using var response = await session.Client.PostAsync(page, Content(boundary, body), Ct);
            ((int)response.StatusCode).ShouldBe(400, page);
        }

        (await _factory.AuditEventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task AWellFormedSubmission_StillWorks()
    {
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        var created = await AttestationFixtures.SubmitAsync(lead, _world.ContractA, files: ("指示書.pdf", AttestationFixtures.Pdf()));
        created.Id.ShouldBeGreaterThan(0);
    }
}
