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

/// <summary>Contractor systems push access logs (G9, S16) into a source's own ledger log; bad input stores nothing.</summary>
public sealed class IngestTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Responsible_CreatesSource_AndTheSourceIngestsLines()
    {
        var created = await CreateSourceAsync(_world.ContractA, "入退室管理システム");
        var now = _factory.Clock.GetUtcNow();
        var body = string.Join('\n',
            Line(now, "login", "user01"),
            Line(now.AddSeconds(1), "read", "住民票 12345"),
            Line(now.AddHours(-1), "logout", "user01")) + "\n";

        var response = await PostAsync(created.Source.Id, created.IngestToken, body);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.Content.ReadFromJsonAsync<IngestResult>(Ct);
        result.ShouldBe(new IngestResult(3, 0, 2, 1));

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var leaves = await db.LedgerEntries.AsNoTracking().Where(e => e.LogId == created.Source.LogId).OrderBy(e => e.Index).ToListAsync(Ct);
        leaves.Count.ShouldBe(3);
        using var leaf = JsonDocument.Parse(leaves[1].Data);
        leaf.RootElement.GetProperty("event").GetProperty("detail").GetString().ShouldBe("住民票 12345");
        leaf.RootElement.GetProperty("receivedAt").GetString().ShouldNotBeNull();
        leaves.Count(l => l.ClockSkewed).ShouldBe(1);
        leaves[2].EventTime.ShouldNotBeNull();

        var owner = await _world.ClientAsync(_world.StaffA);
        var sources = await owner.GetFromJsonAsync<List<LogSourceDto>>($"/api/v1/contracts/{_world.ContractA}/log-sources", Ct);
        sources!.Single().ShouldSatisfyAllConditions(s => s.Entries.ShouldBe(3), s => s.ClockSkewed.ShouldBe(1));
    }

    [Theory]
    [InlineData("worker")]
    [InlineData("owner")]
    public async Task OnlyResponsibleOrSupervisor_CreatesSources(string who)
    {
        var client = await _world.ClientAsync(who == "worker" ? _world.WorkerX : _world.StaffA);
        var response = await client.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/log-sources", new { name = "x" }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CreatingASourceOnAnotherContract_Returns404()
    {
        var client = await _world.ClientAsync(_world.ResponsibleY);
        var response = await client.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/log-sources", new { name = "x" }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OneBadLine_RejectsTheWholeRequest_NamingItsLine_AndStoresNothing()
    {
        var created = await CreateSourceAsync(_world.ContractA, "業務端末");
        var now = _factory.Clock.GetUtcNow();
        var body = Line(now, "a", "1") + "\n{\"event\":\"no time\"}\n" + Line(now, "c", "3") + "\n";
        var response = await PostAsync(created.Source.Id, created.IngestToken, body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorKeysAsync(response)).ShouldBe(["line 2"]);

        var notJson = await PostAsync(created.Source.Id, created.IngestToken, Line(now, "a", "1") + "\nnot json\n");
        (await ErrorKeysAsync(notJson)).ShouldBe(["line 2"]);
        (await StoredAsync(created.Source.LogId)).ShouldBe(0);
    }

    [Fact]
    public async Task OversizeLineAndOversizeRequest_AreRefused_AndNothingIsStored()
    {
        var created = await CreateSourceAsync(_world.ContractA, "大きな行");
        var now = _factory.Clock.GetUtcNow();
        var longLine = JsonSerializer.Serialize(new { time = now.ToString("O"), detail = new string('x', 70_000) });
        var response = await PostAsync(created.Source.Id, created.IngestToken, Line(now, "a", "1") + "\n" + longLine + "\n");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorKeysAsync(response)).ShouldBe(["line 2"]);

        var many = new StringBuilder();
        var line = Line(now, "bulk", new string('y', 1000));
        while (many.Length <= IngestService.MaxRequestBytes)
        {
            many.Append(line).Append('\n');
        }

        (await PostAsync(created.Source.Id, created.IngestToken, many.ToString())).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await StoredAsync(created.Source.LogId)).ShouldBe(0);
    }

    [Fact]
    public async Task WrongToken_OtherSourcesToken_UnknownSource_WrongType_AreRefused_AndNothingIsStored()
    {
        var a = await CreateSourceAsync(_world.ContractA, "送信元A");
        var b = await CreateSourceAsync(_world.ContractA, "送信元B");
        var body = Line(_factory.Clock.GetUtcNow(), "x", "y") + "\n";

        (await PostAsync(a.Source.Id, "itki_wrong", body)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await PostAsync(a.Source.Id, b.IngestToken, body)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await PostAsync(a.Source.Id, null, body)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await PostAsync(999_999, a.IngestToken, body)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PostAsync(a.Source.Id, a.IngestToken, body, "text/csv")).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await StoredAsync(a.Source.LogId)).ShouldBe(0);
        (await StoredAsync(b.Source.LogId)).ShouldBe(0);
    }

    [Fact]
    public async Task ConcurrentRequestsToOneLog_AreAllAcknowledged_AndStoredInAConsistentTree_WhileABadOneStoresNothing()
    {
        var created = await CreateSourceAsync(_world.ContractA, "同時送信");
        var now = _factory.Clock.GetUtcNow();
        const int requests = 12;
        const int lines = 50;
        string Body(int r) => string.Concat(Enumerable.Range(0, lines).Select(i => Line(now, $"r{r}", $"{i}") + "\n"));
        var bad = Body(99) + "{\"time\":\"yesterday\"}\n" + Line(now, "r99", "after") + "\n";

        // Good and bad requests race for the same log; the bad one is refused before it can join a group.
        var posts = Enumerable.Range(0, requests).Select(r => PostAsync(created.Source.Id, created.IngestToken, Body(r)))
            .Append(PostAsync(created.Source.Id, created.IngestToken, bad)).ToList();
        var responses = await Task.WhenAll(posts);

        (await ErrorKeysAsync(responses[^1])).ShouldBe([$"line {lines + 1}"]);
        var results = new List<IngestResult>();
        foreach (var response in responses[..^1])
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            results.Add((await response.Content.ReadFromJsonAsync<IngestResult>(Ct))!);
        }

        // Each request got its own contiguous range; together they cover the log without gaps or overlap.
        results.OrderBy(r => r.FirstIndex).Select(r => r.FirstIndex).ShouldBe(Enumerable.Range(0, requests).Select(i => (long)i * lines));
        results.ShouldAllBe(r => r.Accepted == lines && r.LastIndex == r.FirstIndex + lines - 1);

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var leaves = await db.LedgerEntries.AsNoTracking().Where(e => e.LogId == created.Source.LogId).OrderBy(e => e.Index).Select(e => e.Data).ToListAsync(Ct);
        leaves.Count.ShouldBe(requests * lines);
        for (var r = 0; r < requests; r++)
        {
            // The acknowledged range holds exactly that request's lines, in the order they were sent.
            var range = leaves.Skip((int)results[r].FirstIndex).Take(lines)
                .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event")).ToList();
            range.Select(e => e.GetProperty("action").GetString()).ShouldAllBe(a => a == $"r{r}");
            range.Select(e => e.GetProperty("detail").GetString()).ShouldBe(Enumerable.Range(0, lines).Select(i => $"{i}"));
        }

        // The stored head is the RFC 6962 root of exactly these leaves.
        var tree = new Itaku.Ledger.MerkleTree();
        leaves.ForEach(l => tree.Append(l));
        var head = await db.LedgerLogs.AsNoTracking().Where(l => l.Id == created.Source.LogId).Select(l => new { l.Size, l.RootHash }).SingleAsync(Ct);
        head.Size.ShouldBe(requests * lines);
        head.RootHash.ShouldBe(tree.Root());
    }

    [Fact]
    public async Task GroupCommit_WritesRequestsQueuedBehindTheWriter_InOneGroup_AndAFailedGroupFailsOnlyItsOwnRequests()
    {
        var groups = new IngestGroupCommit();
        var sizes = new List<int>();
        var firstStarted = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        async Task Write(IReadOnlyList<PendingIngest> group)
        {
            sizes.Add(group.Count);
            if (sizes.Count == 1)
            {
                firstStarted.SetResult();
                await releaseFirst.Task;
            }

            if (group.Any(p => p.Skewed == -1))
            {
                throw new InvalidOperationException("disk full");
            }

            foreach (var p in group)
            {
                p.Completion.SetResult(new IngestResult(p.Entries.Count, 0, 0, p.Skewed));
            }
        }

        static PendingIngest Pending(int tag) => new([new byte[] { 1 }], new byte[32], [(DateTime.UnixEpoch, false)], tag, DateTime.UnixEpoch);
        var first = groups.SubmitAsync(1, Pending(0), Write);
        await firstStarted.Task;
        var queued = Enumerable.Range(1, 5).Select(i => groups.SubmitAsync(1, Pending(i), Write)).ToList();
        var otherLog = groups.SubmitAsync(2, Pending(7), Write);
        (await otherLog).ClockSkewed.ShouldBe(7);          // another log is not held up by this one's writer
        releaseFirst.SetResult();
        (await first).ClockSkewed.ShouldBe(0);
        (await Task.WhenAll(queued)).Select(r => r.ClockSkewed).ShouldBe([1, 2, 3, 4, 5]);
        sizes.ShouldBe([1, 1, 5]);                          // first, the other log, then the five queued together

        var failing = await Should.ThrowAsync<InvalidOperationException>(() => groups.SubmitAsync(1, Pending(-1), Write));
        failing.Message.ShouldBe("disk full");
        (await groups.SubmitAsync(1, Pending(8), Write)).ClockSkewed.ShouldBe(8);
    }

    [Fact]
    public async Task TimesOutsideTheFastReader_AreStillReadByTheGeneralPath()
    {
        var created = await CreateSourceAsync(_world.ContractA, "業務端末");
        // Lower-case t/z and an escaped "+" go through the general parser; a leap second and a bad date are refused there.
        var body = "{\"time\":\"2026-11-22t10:00:00z\",\"a\":1}\n{\"time\":\"2026-11-22T19:00:00\\u002B09:00\",\"a\":2}\n{\"time\":\"2026-11-22T10:00:01Z\"}\n";
        var response = await PostAsync(created.Source.Id, created.IngestToken, body);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var times = await db.LedgerEntries.AsNoTracking().Where(e => e.LogId == created.Source.LogId).OrderBy(e => e.Index).Select(e => e.EventTime).ToListAsync(Ct);
        times.ShouldBe([new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 22, 10, 0, 1, DateTimeKind.Utc)]);

        var refused = await PostAsync(created.Source.Id, created.IngestToken, "{\"time\":\"2026-11-22T23:59:60Z\"}\n{\"time\":\"2026-02-29T00:00:00Z\"}\n");
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorKeysAsync(refused)).ShouldBe(["line 1", "line 2"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("{\"time\":\"2026-12-06T04:55:00Z\",\"msg\":\"ok\"},\"receivedAt\":\"2020-01-01T00:00:00.000000Z\"")]
    [InlineData("{\"time\":\"2026-12-06T04:55:00Z\",\"msg\":\"ok\"}]]]garbage")]
    [InlineData("{\"time\":\"2026-12-06T04:55:00Z\",\"msg\":\"ok\"} {\"time\":\"1999-01-01T00:00:00Z\"}")]
    [InlineData("{\"time\":\"2026-12-06T04:55:00Z\",\"msg\":\"ok\"}}")]
    [InlineData("{\"time\":\"2026-12-06T04:55:00Z\",\"msg\":\"ok\",\"msg\":\"forged\"}")]
    [InlineData("{\"time\":\"2026-12-06T04:55:00Z\",\"\\u0074ime\":\"1999-01-01T00:00:00Z\"}")]
    [InlineData("{\"time\":\"2026-12-06T04:55:00Z\"}// comment")]
    public async Task ALineThatIsNotExactlyOneObjectWithUniqueKeys_IsRefused_NamingTheLine_AndStoresNothing(string forged)
    {
        var created = await CreateSourceAsync(_world.ContractA, "偽造の試み");
        var body = Line(_factory.Clock.GetUtcNow(), "a", "1") + "\n" + forged + "\n";
        var response = await PostAsync(created.Source.Id, created.IngestToken, body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorKeysAsync(response)).ShouldBe(["line 2"]);
        (await StoredAsync(created.Source.LogId)).ShouldBe(0);
    }

    [Fact]
    public async Task ManyKeysWithOneRepeated_AndBytesThatAreNotUtf8_AreRefused()
    {
        var created = await CreateSourceAsync(_world.ContractA, "偽造の試み");
        var now = _factory.Clock.GetUtcNow();
        var manyKeys = "{\"time\":\"2026-12-06T04:55:00Z\"," + string.Concat(Enumerable.Range(0, 100).Select(i => $"\"k{i}\":{i},")) + "\"k57\":0}";
        var body = Encoding.UTF8.GetBytes(Line(now, "a", "1") + "\n" + manyKeys + "\n{\"time\":\"2026-12-06T04:55:00Z\",\"x\":\"")
            .Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}\n")).ToArray();
        var response = await PostBytesAsync(created.Source.Id, created.IngestToken, body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorKeysAsync(response)).ShouldBe(["line 2", "line 3"], ignoreOrder: true);
        (await StoredAsync(created.Source.LogId)).ShouldBe(0);
    }

    [Fact]
    public async Task EveryLeaf_HasExactlyItakusTwoFields_WithItakusReceiveTime_WhateverTheEventHolds()
    {
        var created = await CreateSourceAsync(_world.ContractA, "受信時刻");
        // Whitespace around the object is allowed; the event's own "receivedAt" and "event" stay inside the event.
        var body = "  {\"time\":\"2026-12-06T04:55:00Z\",\"receivedAt\":\"2020-01-01T00:00:00.000000Z\",\"event\":{\"x\":1}} \t\r\n"
            + "{\"time\":\"2026-12-06T04:55:01Z\",\"k\":\"}\\\",\\\"receivedAt\\\":\\\"2020\"}\n";
        var response = await PostAsync(created.Source.Id, created.IngestToken, body);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var leaves = await db.LedgerEntries.AsNoTracking().Where(e => e.LogId == created.Source.LogId).OrderBy(e => e.Index).ToListAsync(Ct);
        leaves.Count.ShouldBe(2);
        var expected = _factory.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var entry in leaves)
        {
            // A strict reader that refuses repeated keys reads the same two fields as any other JSON reader.
            var leaf = System.Text.Json.Nodes.JsonNode.Parse(entry.Data, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false })!.AsObject();
            leaf.Select(p => p.Key).ShouldBe(["receivedAt", "event"]);
            leaf["receivedAt"]!.GetValue<string>().ShouldBe(expected);
            entry.ReceivedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture).ShouldBe(expected);
        }

        JsonDocument.Parse(leaves[0].Data).RootElement.GetProperty("event").GetProperty("receivedAt").GetString().ShouldBe("2020-01-01T00:00:00.000000Z");
        JsonDocument.Parse(leaves[1].Data).RootElement.GetProperty("event").GetProperty("k").GetString().ShouldBe("}\",\"receivedAt\":\"2020");
    }

    [Fact]
    public async Task ABodyOfBlankLines_IsRefused_WithoutAllocatingPerLine()
    {
        var created = await CreateSourceAsync(_world.ContractA, "業務端末");
        var body = new string('\n', IngestService.MaxRequestBytes - 1);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var response = await PostAsync(created.Source.Id, created.IngestToken, body);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorKeysAsync(response)).ShouldBe(["body"]);
        // Sizing the leaves by the number of lines once asked the pool for ~1 GiB here; the body itself is 16 MiB.
        allocated.ShouldBeLessThan(256L * 1024 * 1024);
    }

    private async Task<CreatedLogSourceDto> CreateSourceAsync(long contractId, string name)
    {
        var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var response = await responsible.PostAsJsonAsync($"/api/v1/contracts/{contractId}/log-sources", new { name }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = (await response.Content.ReadFromJsonAsync<CreatedLogSourceDto>(Ct))!;
        created.IngestToken.ShouldStartWith("itki_");
        return created;
    }

    private async Task<HttpResponseMessage> PostAsync(long sourceId, string? token, string body, string contentType = "application/x-ndjson")
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/ingest/{sourceId}")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType)),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request, Ct);
    }

    private async Task<HttpResponseMessage> PostBytesAsync(long sourceId, string token, byte[] body)
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/ingest/{sourceId}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, Ct);
    }

    private static string Line(DateTimeOffset time, string action, string detail) =>
        JsonSerializer.Serialize(new { time = time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture), action, detail });

    private static async Task<string[]> ErrorKeysAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return doc.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray();
    }

    private async Task<long> StoredAsync(long logId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        return await db.LedgerEntries.CountAsync(e => e.LogId == logId, Ct) + await db.LedgerLogs.Where(l => l.Id == logId).Select(l => l.Size).SingleAsync(Ct);
    }
}
