using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Itaku.Web.Features.LogSources;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Ledger;

/// <summary>Fair ingest: a per-source rate (429 with Retry-After), and large groups written in several bounded commits acknowledged together.</summary>
public sealed class FairIngestTests : IAsyncLifetime
{
    private readonly FairFactory _factory = new();
    private World _world = null!;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASourceOverItsRate_Gets429WithRetryAfter_WhileAnotherSourceIsServed_AndItIsServedAgainLater()
    {
        var a = await CreateSourceAsync("送信元A");
        var b = await CreateSourceAsync("送信元B");
        (await PostAsync(a, Lines(30))).StatusCode.ShouldBe(HttpStatusCode.OK);   // the burst (20) is taken, and 10 more in debt

        var refused = await PostAsync(a, Lines(1));
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBe(2);      // 10 entries of debt + 1 at 10 entries a second
        (await PostAsync(b, Lines(5))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StoredAsync(a.Source.LogId)).ShouldBe(30);

        _factory.Clock.Advance(TimeSpan.FromSeconds(2));
        (await PostAsync(a, Lines(1))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RequestsLargerThanOneCommit_AreWrittenInSeveral_AndStillAcknowledgedAsContiguousRanges()
    {
        var source = await CreateSourceAsync("大量送信");
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(r => PostAsync(source, Lines(5, $"r{r}"))));
        var results = new List<IngestResult>();
        foreach (var response in responses)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            results.Add((await response.Content.ReadFromJsonAsync<IngestResult>(Ct))!);
        }

        results.OrderBy(r => r.FirstIndex).Select(r => r.FirstIndex).ShouldBe([0, 5, 10, 15]);
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var leaves = await db.LedgerEntries.AsNoTracking().Where(e => e.LogId == source.Source.LogId).OrderBy(e => e.Index).Select(e => e.Data).ToListAsync(Ct);
        for (var r = 0; r < 4; r++)
        {
            leaves.Skip((int)results[r].FirstIndex).Take(5).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetProperty("tag").GetString())
                .ShouldAllBe(t => t == $"r{r}");
        }

        var tree = new Itaku.Ledger.MerkleTree();
        leaves.ForEach(l => tree.Append(l));
        (await db.LedgerLogs.AsNoTracking().SingleAsync(l => l.Id == source.Source.LogId, Ct)).RootHash.ShouldBe(tree.Root());
    }

    private string Lines(int count, string tag = "x") => string.Concat(Enumerable.Range(0, count).Select(i =>
        $"{{\"time\":\"{_factory.Clock.GetUtcNow():yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"tag\":\"{tag}\",\"i\":{i}}}\n"));

    private async Task<CreatedLogSourceDto> CreateSourceAsync(string name)
    {
        var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var response = await responsible.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/log-sources", new { name }, Ct);
        return (await response.Content.ReadFromJsonAsync<CreatedLogSourceDto>(Ct))!;
    }

    private async Task<HttpResponseMessage> PostAsync(CreatedLogSourceDto source, string body)
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/ingest/{source.Source.Id}")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/x-ndjson")),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", source.IngestToken);
        return await client.SendAsync(request, Ct);
    }

    private async Task<long> StoredAsync(long logId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        return await db.LedgerEntries.CountAsync(e => e.LogId == logId, Ct);
    }

    private sealed class FairFactory : ItakuFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Ledger:IngestEntriesPerSecond"] = "10",
            ["Ledger:IngestBurstEntries"] = "20",
            ["Ledger:MaxCommitEntries"] = "3",
        };
    }
}
