using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Itaku.Web.Features.LogSources;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Ledger;

/// <summary>Ingest tokens are rotated and revoked, and a log source disabled and enabled; each change is audited.</summary>
public sealed class LogSourceLifecycleTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rotate_Disable_Enable_Revoke_EachChangesWhatIngestAccepts_AndIsAudited()
    {
        var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var created = (await (await responsible.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/log-sources", new { name = "業務サーバー" }, Ct))
            .Content.ReadFromJsonAsync<CreatedLogSourceDto>(Ct))!;
        var id = created.Source.Id;
        var baseUrl = $"/api/v1/contracts/{_world.ContractA}/log-sources/{id}";
        (await IngestAsync(id, created.IngestToken)).ShouldBe(HttpStatusCode.OK);

        var rotated = (await (await responsible.PostAsync($"{baseUrl}/rotate-token", null, Ct)).Content.ReadFromJsonAsync<RotatedTokenDto>(Ct))!;
        rotated.IngestToken.ShouldStartWith("itki_");
        (await IngestAsync(id, created.IngestToken)).ShouldBe(HttpStatusCode.Unauthorized);
        (await IngestAsync(id, rotated.IngestToken)).ShouldBe(HttpStatusCode.OK);

        (await responsible.PostAsync($"{baseUrl}/disable", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await IngestAsync(id, rotated.IngestToken)).ShouldBe(HttpStatusCode.Forbidden);
        (await responsible.PostAsync($"{baseUrl}/disable", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await responsible.GetFromJsonAsync<List<LogSourceDto>>($"/api/v1/contracts/{_world.ContractA}/log-sources", Ct))!.Single().Disabled.ShouldBeTrue();
        (await responsible.PostAsync($"{baseUrl}/enable", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await IngestAsync(id, rotated.IngestToken)).ShouldBe(HttpStatusCode.OK);

        (await responsible.PostAsync($"{baseUrl}/revoke", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await IngestAsync(id, rotated.IngestToken)).ShouldBe(HttpStatusCode.Unauthorized);
        (await responsible.PostAsync($"{baseUrl}/rotate-token", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await responsible.PostAsync($"{baseUrl}/enable", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        (await db.LogSources.SingleAsync(s => s.Id == id, Ct)).RevokedAt.ShouldNotBeNull();
        var actions = await db.AuditEvents.Where(e => e.SubjectType == nameof(LogSource) && e.SubjectId == id.ToString()).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(Ct);
        actions.ShouldBe(["log-source.created", "log-source.token-rotated", "log-source.disabled", "log-source.enabled", "log-source.revoked"]);
    }

    [Fact]
    public async Task AWorkerCannotRevoke_AndAnotherContractsSourceIsHidden()
    {
        var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var created = (await (await responsible.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/log-sources", new { name = "業務サーバー" }, Ct))
            .Content.ReadFromJsonAsync<CreatedLogSourceDto>(Ct))!;
        var worker = await _world.ClientAsync(_world.WorkerX);
        (await worker.PostAsync($"/api/v1/contracts/{_world.ContractA}/log-sources/{created.Source.Id}/revoke", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var other = await _world.ClientAsync(_world.ResponsibleY);
        (await other.PostAsync($"/api/v1/contracts/{_world.ContractB}/log-sources/{created.Source.Id}/revoke", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await IngestAsync(created.Source.Id, created.IngestToken)).ShouldBe(HttpStatusCode.OK);
    }

    private async Task<HttpStatusCode> IngestAsync(long sourceId, string token)
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/ingest/{sourceId}")
        {
            Content = new StringContent($"{{\"time\":\"{_factory.Clock.GetUtcNow():yyyy-MM-dd'T'HH:mm:ss'Z'}\"}}\n", Encoding.UTF8, new MediaTypeHeaderValue("application/x-ndjson")),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.SendAsync(request, Ct)).StatusCode;
    }
}
