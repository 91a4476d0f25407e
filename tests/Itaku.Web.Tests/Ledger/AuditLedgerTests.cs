using System.Net;
using System.Net.Http.Json;
using Itaku.Ledger;
using Itaku.Web.Features.Ledger;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Ledger;

/// <summary>The audit trail lives in the evidence ledger: every event is a leaf, signed into checkpoints, provable and exportable.</summary>
public sealed class AuditLedgerTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryAuditEvent_IsALeafOfTheAuditLog_WithTheSameBytes()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var events = await db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync(Ct);
        var log = await db.LedgerLogs.AsNoTracking().SingleAsync(l => l.Kind == LedgerLogKind.Audit, Ct);

        events.ShouldNotBeEmpty();
        log.Size.ShouldBe(events.Count);
        events.Select(e => e.LedgerIndex).ShouldBe(Enumerable.Range(0, events.Count).Select(i => (long?)i));
        foreach (var e in events)
        {
            var leaf = await db.LedgerEntries.AsNoTracking().SingleAsync(x => x.LogId == log.Id && x.Index == e.LedgerIndex, Ct);
            leaf.Data.ShouldBe(AuditEntry.Serialize(e));
        }
    }

    [Fact]
    public async Task RejectedChange_AppendsNothingToTheLedger()
    {
        var admin = await _world.ClientAsync(_world.Admin);
        var before = await AuditLogSizeAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/organizations", new { kind = "Department", name = "親のない部署" }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await AuditLogSizeAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Checkpoint_IsSignedWithThePublishedKey_AndInclusionProofsVerifyAgainstIt()
    {
        var admin = await _world.ClientAsync(_world.Admin);
        var logId = await AuditLogIdAsync();
        var checkpoint = await WaitForCheckpointAsync(admin, logId, await AuditLogSizeAsync());
        var key = NoteVerifier.Parse((await admin.GetStringAsync("/api/v1/ledger/key", Ct)).Trim());
        var signed = SignedCheckpoint.Open(checkpoint, key);
        signed.Checkpoint.Origin.ShouldEndWith("/audit");

        for (var index = 0L; index < signed.Checkpoint.Size; index++)
        {
            var proof = await admin.GetFromJsonAsync<InclusionProofDto>($"/api/v1/logs/{logId}/proofs/inclusion?index={index}&size={signed.Checkpoint.Size}", Ct);
            ProofVerifier.VerifyInclusion(index, signed.Checkpoint.Size, Convert.FromBase64String(proof!.LeafHash),
                proof.Hashes.Select(Convert.FromBase64String).ToList(), signed.Checkpoint.Root).ShouldBeTrue();
        }
    }

    [Fact]
    public async Task LaterCheckpoint_IsConsistentWithTheEarlierOne()
    {
        var admin = await _world.ClientAsync(_world.Admin);
        var logId = await AuditLogIdAsync();
        var key = NoteVerifier.Parse((await admin.GetStringAsync("/api/v1/ledger/key", Ct)).Trim());
        var first = SignedCheckpoint.Open(await WaitForCheckpointAsync(admin, logId, await AuditLogSizeAsync()), key).Checkpoint;

        (await admin.PostAsJsonAsync("/api/v1/organizations", new { kind = "Contractor", name = "利根ソフト株式会社" }, Ct)).EnsureSuccessStatusCode();
        var second = SignedCheckpoint.Open(await WaitForCheckpointAsync(admin, logId, first.Size + 1), key).Checkpoint;

        var proof = await admin.GetFromJsonAsync<ConsistencyProofDto>($"/api/v1/logs/{logId}/proofs/consistency?from={first.Size}&to={second.Size}", Ct);
        ProofVerifier.VerifyConsistency(first.Size, second.Size, proof!.Hashes.Select(Convert.FromBase64String).ToList(), first.Root, second.Root).ShouldBeTrue();
    }

    [Fact]
    public async Task Export_IsABundleThatVerifiesOffline_AndATamperedCopyDoesNot()
    {
        var auditor = await _world.ClientAsync(_world.Admin);
        var logId = await AuditLogIdAsync();
        var key = NoteVerifier.Parse((await auditor.GetStringAsync("/api/v1/ledger/key", Ct)).Trim());
        var bytes = await auditor.GetByteArrayAsync($"/api/v1/logs/{logId}/export", Ct);
        var path = Path.Combine(_factory.DataDirectory, "audit.bundle.jsonl");
        await File.WriteAllBytesAsync(path, bytes, Ct);

        var result = BundleVerifier.Verify(path, key);
        result.Verified.ShouldBeTrue(result.Failure);
        result.End.ShouldBe(await AuditLogSizeAsync());

        var lines = await File.ReadAllLinesAsync(path, Ct);
        lines[2] = lines[2].Replace("\"e\":\"", "\"e\":\"A", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(path, lines, Ct);
        BundleVerifier.Verify(path, key).Verified.ShouldBeFalse();
    }

    [Fact]
    public async Task AuditLog_IsHiddenFromContractorAndClientStaff()
    {
        var logId = await AuditLogIdAsync();
        foreach (var user in new[] { _world.ResponsibleX, _world.StaffA })
        {
            var client = await _world.ClientAsync(user);
            (await client.GetAsync($"/api/v1/logs/{logId}/entries", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.GetFromJsonAsync<List<LogDto>>("/api/v1/logs", Ct))!.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task SigningKey_IsCreatedPrivate()
    {
        var path = Path.Combine(_factory.DataDirectory, "ledger-signing-key.pem");
        File.Exists(path).ShouldBeTrue();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task AnAuditorOfOneContract_CannotReadTheWholeAuditTrail()
    {
        var logId = await AuditLogIdAsync();
        var auditor = await _world.ClientAsync(_world.Auditor);
        (await auditor.GetAsync($"/api/v1/logs/{logId}/entries", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await auditor.GetAsync($"/api/v1/logs/{logId}/export", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await auditor.GetAsync($"/api/v1/logs/{logId}/proofs/inclusion?index=0", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await auditor.GetFromJsonAsync<List<LogDto>>("/api/v1/logs", Ct))!.ShouldNotContain(l => l.Kind == LedgerLogKind.Audit);
        (await auditor.GetAsync($"/api/v1/contracts/{_world.ContractB}/audit-events", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnAuditorOfOneContract_ReadsExactlyThatContractsEvents_EachProvenAgainstTheSignedCheckpoint()
    {
        // Events of both contracts and a sign-in with an address exist; the auditor is a member of contract A only.
        var responsibleX = await _world.ClientAsync(_world.ResponsibleX);
        var responsibleY = await _world.ClientAsync(_world.ResponsibleY);
        for (var i = 0; i < 3; i++)
        {
            (await responsibleX.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/log-sources", new { name = $"A の送信元 {i}" }, Ct)).EnsureSuccessStatusCode();
        }

        (await responsibleY.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractB}/log-sources", new { name = "B の秘密の送信元" }, Ct)).EnsureSuccessStatusCode();
        var auditor = await _world.ClientAsync(_world.Auditor);
        var key = NoteVerifier.Parse((await auditor.GetStringAsync("/api/v1/ledger/key", Ct)).Trim());
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var expected = await db.AuditEvents.AsNoTracking().Where(e => e.ContractId == _world.ContractA).OrderBy(e => e.LedgerIndex).Select(e => e.LedgerIndex!.Value).ToListAsync(Ct);
        (await db.AuditEvents.CountAsync(e => e.ContractId == _world.ContractB, Ct)).ShouldBeGreaterThan(0);
        (await db.AuditEvents.CountAsync(e => e.ContractId == null, Ct)).ShouldBeGreaterThan(0);
        expected.Count.ShouldBeGreaterThan(2);

        var read = new List<AuditEventProofDto>();
        string? cursor = null;
        do
        {
            var page = (await auditor.GetFromJsonAsync<ContractAuditDto>($"/api/v1/contracts/{_world.ContractA}/audit-events?limit=2&cursor={cursor}", Ct))!;
            var checkpoint = SignedCheckpoint.Open(page.Checkpoint!, key).Checkpoint;
            checkpoint.Origin.ShouldEndWith("/audit");
            checkpoint.Size.ShouldBe(page.TreeSize);
            foreach (var item in page.Items)
            {
                var data = Convert.FromBase64String(item.Data);
                Convert.FromBase64String(item.LeafHash).ShouldBe(TreeHasher.HashLeaf(data));
                ProofVerifier.VerifyInclusion(item.Index, page.TreeSize, TreeHasher.HashLeaf(data), item.Hashes.Select(Convert.FromBase64String).ToList(), checkpoint.Root)
                    .ShouldBeTrue();
                System.Text.Json.JsonDocument.Parse(data).RootElement.GetProperty("contractId").GetInt64().ShouldBe(_world.ContractA);
            }

            read.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        read.Select(i => i.Index).ShouldBe(expected);
        read.ShouldNotContain(i => i.Text!.Contains("B の秘密の送信元"));
    }

    private async Task<string> WaitForCheckpointAsync(HttpClient client, long logId, long atLeast)
    {
        for (var i = 0; i < 100; i++)
        {
            var response = await client.GetAsync($"/api/v1/logs/{logId}/checkpoint", Ct);
            if (response.IsSuccessStatusCode)
            {
                var note = await response.Content.ReadAsStringAsync(Ct);
                var size = long.Parse(note.Split('\n')[1], System.Globalization.CultureInfo.InvariantCulture);
                if (size >= atLeast)
                {
                    return note;
                }
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException($"No checkpoint of size ≥ {atLeast} within 10 s.");
    }

    private async Task<long> AuditLogIdAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        return await db.LedgerLogs.Where(l => l.Kind == LedgerLogKind.Audit).Select(l => l.Id).SingleAsync(Ct);
    }

    private async Task<long> AuditLogSizeAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        return await db.LedgerLogs.Where(l => l.Kind == LedgerLogKind.Audit).Select(l => l.Size).SingleAsync(Ct);
    }
}
