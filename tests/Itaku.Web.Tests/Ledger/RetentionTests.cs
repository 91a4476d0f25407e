using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Itaku.Ledger;
using Itaku.Web.Features.Ledger;
using Itaku.Web.Features.LogSources;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Ledger;

/// <summary>
/// Retention (issue 3, item 6): past its period a source log loses entry payloads and level-0 tiles, yet
/// every signed checkpoint stays provably consistent, unpruned entries stay provable, exports say what is
/// gone, and the self-audit still checks — and catches tampering with — what is left.
/// </summary>
/// <remarks>
/// The old entries are written with the clock set back 100 days and the clock then returned to the real
/// time, so that bearer tokens and TOTP codes (computed from the wall clock) keep working. Checkpoints are
/// signed at sizes 300, 512, 812 (old) and 912 (new): 300 and 812 fall inside level-0 tiles 1 and 3, which
/// pruning must keep; tiles 0 and 2 lie wholly in the pruned prefix [0, 812) and go.
/// </remarks>
public sealed class RetentionTests : IAsyncLifetime
{
    private static readonly long[] CheckpointSizes = [300, 512, 812, 912];
    private readonly RetentionFactory _factory = new();
    private World _world = null!;
    private CreatedLogSourceDto _source = null!;
    private readonly List<byte[]> _originals = [];

    public async ValueTask InitializeAsync()
    {
        _world = await World.CreateAsync(_factory);
        var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var created = await responsible.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/log-sources", new { name = "入退室管理システム" }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        _source = (await created.Content.ReadFromJsonAsync<CreatedLogSourceDto>(Ct))!;

        _factory.Clock.Advance(TimeSpan.FromDays(-100));
        await IngestAsync(300);
        await IngestAsync(212);
        await IngestAsync(300);
        _factory.Clock.Advance(TimeSpan.FromDays(100));
        await IngestAsync(100);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private long LogId => _source.Source.LogId;

    [Fact]
    public async Task Prune_ClearsOldPayloads_DeletesUnneededLevel0Tiles_AndIsInTheAuditTrail()
    {
        var results = await PruneAsync();

        var result = results.ShouldHaveSingleItem();
        result.ShouldBe(new PruneResult(LogId, result.Origin, 92, 0, 812, 2));
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var rows = await db.LedgerEntries.AsNoTracking().Where(e => e.LogId == LogId).OrderBy(e => e.Index).ToListAsync(Ct);
        rows.Count.ShouldBe(912);
        for (var i = 0; i < 912; i++)
        {
            if (i < 812)
            {
                rows[i].Data.ShouldBeEmpty();
                rows[i].LeafHash.ShouldBe(TreeHasher.HashLeaf(_originals[i]));
            }
            else
            {
                rows[i].Data.ShouldBe(_originals[i]);
                rows[i].LeafHash.ShouldBeNull();
            }
        }

        var level0 = await db.LedgerTiles.Where(t => t.LogId == LogId && t.Level == 0).OrderBy(t => t.TileIndex).Select(t => t.TileIndex).ToListAsync(Ct);
        level0.ShouldBe([1L, 3L]);
        (await db.LedgerTiles.CountAsync(t => t.LogId == LogId && t.Level == 1, Ct)).ShouldBe(1);
        (await db.LedgerLogs.SingleAsync(l => l.Id == LogId, Ct)).PrunedBefore.ShouldBe(812);

        var pruned = await db.AuditEvents.AsNoTracking().Where(e => e.Action == "ledger.pruned").ToListAsync(Ct);
        var audit = pruned.ShouldHaveSingleItem();
        audit.SubjectId.ShouldBe(LogId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        audit.ContractId.ShouldBe(_world.ContractA);
        audit.Actor.ShouldBe("system");
        using var details = JsonDocument.Parse(audit.Details!);
        details.RootElement.GetProperty("prunedBefore").GetInt64().ShouldBe(812);
        details.RootElement.GetProperty("tilesDeleted").GetInt32().ShouldBe(2);
        audit.LedgerIndex.ShouldNotBeNull();

        // The application's own audit log is never pruned, and a second run finds nothing to do.
        (await db.LedgerLogs.Where(l => l.Kind == LedgerLogKind.Audit).Select(l => l.PrunedBefore).SingleAsync(Ct)).ShouldBe(0);
        (await PruneAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task TheLogList_ShowsTheRetentionInForce_BeforeAnyPrune()
    {
        // The configuration says 92 days; nothing has been pruned, so the stored value is still the column's default.
        using var client = await _world.ClientAsync(_world.StaffA);
        var logs = await client.GetFromJsonAsync<List<Itaku.Web.Features.Ledger.LogDto>>("/api/v1/logs", Ct);
        logs!.Single(l => l.Id == LogId).RetentionDays.ShouldBe(92);
    }

    [Fact]
    public async Task Prune_StopsAtTheLatestSignedCheckpoint()
    {
        // Everything is past retention, but entries [912, 1012) were never covered by a signed checkpoint.
        await IngestAsync(100, publish: false);
        _factory.Clock.Advance(TimeSpan.FromDays(93));

        var result = (await PruneAsync()).ShouldHaveSingleItem();

        result.PrunedBefore.ShouldBe(912);

        // The audit trail is older than 92 days now too, and signed, but it is never pruned.
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var audit = await db.LedgerLogs.AsNoTracking().SingleAsync(l => l.Kind == LedgerLogKind.Audit, Ct);
        (await db.LedgerCheckpoints.AnyAsync(c => c.LogId == audit.Id, Ct)).ShouldBeTrue();
        audit.PrunedBefore.ShouldBe(0);
        (await db.LedgerEntries.CountAsync(e => e.LogId == audit.Id && e.LeafHash != null, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task AfterPruning_EveryCheckpointIsProvablyConsistent_AndUnprunedEntriesAreProvable()
    {
        await PruneAsync();
        var client = await _world.ClientAsync(_world.StaffA);
        var roots = await CheckpointRootsAsync();
        roots.Keys.Order().ShouldBe(CheckpointSizes);

        foreach (var from in CheckpointSizes)
        {
            foreach (var to in CheckpointSizes.Where(s => s > from))
            {
                var proof = await client.GetFromJsonAsync<ConsistencyProofDto>($"/api/v1/logs/{LogId}/proofs/consistency?from={from}&to={to}", Ct);
                ProofVerifier.VerifyConsistency(from, to, Decode(proof!.Hashes), roots[from], roots[to]).ShouldBeTrue($"{from} → {to}");
            }
        }

        foreach (var (index, size) in new (long, long)[] { (812, 912), (813, 912), (850, 912), (911, 912) })
        {
            var proof = await client.GetFromJsonAsync<InclusionProofDto>($"/api/v1/logs/{LogId}/proofs/inclusion?index={index}&size={size}", Ct);
            var leaf = TreeHasher.HashLeaf(_originals[(int)index]);
            Convert.FromBase64String(proof!.LeafHash).ShouldBe(leaf);
            ProofVerifier.VerifyInclusion(index, size, leaf, Decode(proof.Hashes), roots[size]).ShouldBeTrue($"{index} in {size}");
        }

        // The log keeps growing on top of the pruned prefix.
        await IngestAsync(10);
        var latest = (await CheckpointRootsAsync()).MaxBy(r => r.Key);
        latest.Key.ShouldBe(922);
        var grown = await client.GetFromJsonAsync<ConsistencyProofDto>($"/api/v1/logs/{LogId}/proofs/consistency?from=300&to=922", Ct);
        ProofVerifier.VerifyConsistency(300, 922, Decode(grown!.Hashes), roots[300], latest.Value).ShouldBeTrue();
    }

    [Fact]
    public async Task PrunedRange_TheApiSaysGone_WithTheFirstAvailableIndex()
    {
        await PruneAsync();
        var client = await _world.ClientAsync(_world.StaffA);

        foreach (var url in new[]
        {
            $"/api/v1/logs/{LogId}/entries?start=0",
            $"/api/v1/logs/{LogId}/entries?start=811",
            $"/api/v1/logs/{LogId}/proofs/inclusion?index=811&size=912",
            $"/api/v1/logs/{LogId}/proofs/consistency?from=100&to=912",
        })
        {
            var response = await client.GetAsync(url, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.Gone, url);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            problem.RootElement.GetProperty("firstAvailableIndex").GetInt64().ShouldBe(812);
            problem.RootElement.GetProperty("detail").GetString()!.ShouldContain("保存期間を過ぎて削除");
        }

        var entries = await client.GetFromJsonAsync<EntriesDto>($"/api/v1/logs/{LogId}/entries?start=812", Ct);
        entries!.Items.Count.ShouldBe(100);
        Convert.FromBase64String(entries.Items[0].Data).ShouldBe(_originals[812]);
    }

    [Fact]
    public async Task ExportOverlappingThePrunedRange_StatesIt_AndVerifiesForWhatRemains()
    {
        // The administrator applies retention now, from the ledger page.
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.Admin);
        var pruned = await session.PostFormAsync("/Admin/Ledger", "/Admin/Ledger?handler=Prune", []);
        pruned.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await CookieSession.ReadTextAsync(pruned)).ShouldContain("索引 812 より前（812 件）");

        var client = await _world.ClientAsync(_world.StaffA);
        var keys = _factory.Services.GetRequiredService<LedgerKeys>();

        var response = await client.GetAsync($"/api/v1/logs/{LogId}/export", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Itaku-Pruned-Before").ShouldBe(["812"]);
        var path = Path.Combine(_factory.DataDirectory, "pruned.bundle.jsonl");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync(Ct), Ct);
        var verified = BundleVerifier.Verify(path, keys.Verifier);
        verified.Verified.ShouldBeTrue(verified.Failure);
        verified.PrunedBefore.ShouldBe(812);
        verified.Start.ShouldBe(812);
        verified.EntriesChecked.ShouldBe(100);

        // A range wholly inside the pruned past is refused, naming what is gone.
        var from = Uri.EscapeDataString(_factory.Clock.GetUtcNow().AddDays(-101).ToString("O"));
        var to = Uri.EscapeDataString(_factory.Clock.GetUtcNow().AddDays(-99).ToString("O"));
        var gone = await client.GetAsync($"/api/v1/logs/{LogId}/export?from={from}&to={to}", Ct);
        gone.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await gone.Content.ReadAsStringAsync(Ct)).ShouldContain("この範囲はすべて保存期間を過ぎて削除されています");

        // The administrator's page says which part of the log is gone.
        var html = await session.GetHtmlAsync("/Admin/Ledger");
        html.ShouldContain("この範囲の一部は保存期間を過ぎて削除されています");
        html.ShouldContain("92日");
    }

    [Fact]
    public async Task SelfAudit_AfterPruning_IsClean_AndStillCatchesTampering()
    {
        await PruneAsync();
        var selfAudit = _factory.Services.GetRequiredService<SelfAuditService>();
        var clean = await selfAudit.RunAsync(Ct);
        clean.ShouldAllBe(r => r.Ok, string.Join("; ", clean.Select(r => r.Mismatch)));
        clean.Single(r => r.LogId == LogId).EntriesChecked.ShouldBe(912);

        // An unpruned entry.
        await TamperAsync(
            db => db.LedgerEntries.Where(e => e.LogId == LogId && e.Index == 850).ExecuteUpdateAsync(s => s.SetProperty(e => e.Data, Encoding.UTF8.GetBytes("{}")), Ct),
            "Entry 850");
        await RestoreEntryAsync(850);

        // A pruned entry's kept leaf hash: level-1 tile 0 no longer matches.
        await TamperAsync(
            db => db.LedgerEntries.Where(e => e.LogId == LogId && e.Index == 10).ExecuteUpdateAsync(s => s.SetProperty(e => e.LeafHash, new byte[32]), Ct),
            "Tile tile/1/000");
        await RestoreLeafHashAsync(10);

        // A level-1 hash over a wholly pruned range.
        await TamperTileAsync(1, 0, 0, "Tile tile/1/000");

        // A kept level-0 tile inside the pruned prefix (checkpoint 300 needs it).
        await TamperTileAsync(0, 1, 5, "tile/0/001");

        // Payloads cleared past the boundary the audit trail records, with consistent leaf hashes: the tree
        // still verifies, but evidence was removed without the retention job.
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
            for (var i = 812; i < 820; i++)
            {
                var leaf = TreeHasher.HashLeaf(_originals[i]);
                var index = (long)i;
                await db.LedgerEntries.Where(e => e.LogId == LogId && e.Index == index)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.Data, Array.Empty<byte>()).SetProperty(e => e.LeafHash, leaf), Ct);
            }
        }

        await TamperAsync(
            db => db.LedgerLogs.Where(l => l.Id == LogId).ExecuteUpdateAsync(s => s.SetProperty(l => l.PrunedBefore, 820L), Ct),
            "the audit trail records pruning of this log only up to 812");
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
            await db.LedgerLogs.Where(l => l.Id == LogId).ExecuteUpdateAsync(s => s.SetProperty(l => l.PrunedBefore, 812L), Ct);
            for (var i = 812; i < 820; i++)
            {
                var data = _originals[i];
                var index = (long)i;
                await db.LedgerEntries.Where(e => e.LogId == LogId && e.Index == index)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.Data, data).SetProperty(e => e.LeafHash, (byte[]?)null), Ct);
            }
        }

        (await _factory.Services.GetRequiredService<SelfAuditService>().RunAsync(Ct)).ShouldAllBe(r => r.Ok);

        // Deleting the partly pruned level-0 tile is not mistaken for pruning.
        await TamperAsync(
            db => db.LedgerTiles.Where(t => t.LogId == LogId && t.Level == 0 && t.TileIndex == 3).ExecuteDeleteAsync(Ct),
            "tile/0/003");
    }

    [Fact]
    public async Task AnEntryThatNoLongerMatchesItsLeafHash_IsNotPruned()
    {
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
            await db.LedgerEntries.Where(e => e.LogId == LogId && e.Index == 400).ExecuteUpdateAsync(s => s.SetProperty(e => e.Data, Encoding.UTF8.GetBytes("{}")), Ct);
        }

        (await PruneAsync()).ShouldBeEmpty();

        await using var check = _factory.Services.CreateAsyncScope();
        var after = check.ServiceProvider.GetRequiredService<ItakuDbContext>();
        (await after.LedgerLogs.SingleAsync(l => l.Id == LogId, Ct)).PrunedBefore.ShouldBe(0);
        (await after.LedgerEntries.CountAsync(e => e.LogId == LogId && e.LeafHash != null, Ct)).ShouldBe(0);
        (await after.LedgerTiles.CountAsync(t => t.LogId == LogId && t.Level == 0, Ct)).ShouldBe(4);
    }

    private async Task TamperAsync(Func<ItakuDbContext, Task<int>> tamper, string expected)
    {
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            (await tamper(scope.ServiceProvider.GetRequiredService<ItakuDbContext>())).ShouldBe(1);
        }

        var results = await _factory.Services.GetRequiredService<SelfAuditService>().RunAsync(Ct);
        var bad = results.Where(r => !r.Ok).ShouldHaveSingleItem();
        bad.LogId.ShouldBe(LogId);
        bad.Mismatch!.ShouldContain(expected);
    }

    private async Task TamperTileAsync(int level, long index, int hash, string expected)
    {
        byte[] original;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
            original = await db.LedgerTiles.Where(t => t.LogId == LogId && t.Level == level && t.TileIndex == index).Select(t => t.Hashes).SingleAsync(Ct);
        }

        var altered = original.ToArray();
        altered[(hash * TreeHasher.HashSize) + 3] ^= 0x40;
        await TamperAsync(
            db => db.LedgerTiles.Where(t => t.LogId == LogId && t.Level == level && t.TileIndex == index).ExecuteUpdateAsync(s => s.SetProperty(t => t.Hashes, altered), Ct),
            expected);
        await using var restore = _factory.Services.CreateAsyncScope();
        await restore.ServiceProvider.GetRequiredService<ItakuDbContext>().LedgerTiles
            .Where(t => t.LogId == LogId && t.Level == level && t.TileIndex == index).ExecuteUpdateAsync(s => s.SetProperty(t => t.Hashes, original), Ct);
    }

    private async Task RestoreEntryAsync(long index)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var data = _originals[(int)index];
        await scope.ServiceProvider.GetRequiredService<ItakuDbContext>().LedgerEntries
            .Where(e => e.LogId == LogId && e.Index == index).ExecuteUpdateAsync(s => s.SetProperty(e => e.Data, data), Ct);
    }

    private async Task RestoreLeafHashAsync(long index)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var leaf = TreeHasher.HashLeaf(_originals[(int)index]);
        await scope.ServiceProvider.GetRequiredService<ItakuDbContext>().LedgerEntries
            .Where(e => e.LogId == LogId && e.Index == index).ExecuteUpdateAsync(s => s.SetProperty(e => e.LeafHash, leaf), Ct);
    }

    private async Task<IReadOnlyList<PruneResult>> PruneAsync() =>
        await _factory.Services.GetRequiredService<LedgerPruningService>().RunAsync(Ct);

    /// <summary>Ingests <paramref name="count"/> lines and (by default) signs a checkpoint of every log.</summary>
    private async Task IngestAsync(int count, bool publish = true)
    {
        var now = _factory.Clock.GetUtcNow();
        var lines = Enumerable.Range(_originals.Count, count)
            .Select(i => JsonSerializer.Serialize(new { time = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture), action = "read", detail = $"entry {i}" }));
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/ingest/{_source.Source.Id}")
        {
            Content = new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, new MediaTypeHeaderValue("application/x-ndjson")),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _source.IngestToken);
        var response = await client.SendAsync(request, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var from = (long)_originals.Count;
        _originals.AddRange(await db.LedgerEntries.AsNoTracking().Where(e => e.LogId == LogId && e.Index >= from).OrderBy(e => e.Index).Select(e => e.Data).ToListAsync(Ct));
        _originals.Count.ShouldBe((int)from + count);
        if (publish)
        {
            await _factory.Services.GetRequiredService<CheckpointService>().PublishAllAsync(Ct);
        }
    }

    private async Task<Dictionary<long, byte[]>> CheckpointRootsAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var notes = await db.LedgerCheckpoints.AsNoTracking().Where(c => c.LogId == LogId).Select(c => c.Note).ToListAsync(Ct);
        var key = _factory.Services.GetRequiredService<LedgerKeys>().Verifier;
        return notes.Select(n => SignedCheckpoint.Open(n, key).Checkpoint).ToDictionary(c => c.Size, c => c.Root);
    }

    private static List<byte[]> Decode(IReadOnlyList<string> hashes) => hashes.Select(Convert.FromBase64String).ToList();

    /// <summary>
    /// The provisions' floor of 92 days, so that 100-day-old entries are past it; checkpoints only when a test
    /// publishes them, so that the background signer cannot race the sizes the tests rely on.
    /// </summary>
    private sealed class RetentionFactory : ItakuFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Ledger:Retention:Days"] = "92",
            ["Ledger:CheckpointInterval"] = "1.00:00:00",
        };
    }
}
