using System.Net;
using Itaku.Ledger;
using Itaku.Web.Features.Ledger;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Ledger;

/// <summary>
/// The periodic self-audit (issue 3, item 8): any edit of a stored entry, tile hash, checkpoint or audit
/// event is found and shown to administrators. Each test has its own instance, so tampering stays local.
/// </summary>
public sealed class SelfAuditTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await World.CreateAsync(_factory);
        await _factory.Services.GetRequiredService<CheckpointService>().PublishAllAsync(Ct);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CleanInstance_AuditsOk()
    {
        var results = await RunAsync();

        results.ShouldNotBeEmpty();
        results.ShouldAllBe(r => r.Ok, string.Join("; ", results.Select(r => r.Mismatch)));
        var auditLogId = await AuditLogIdAsync();
        var audit = results.Single(r => r.LogId == auditLogId);
        audit.EntriesChecked.ShouldBe(await AuditLogSizeAsync());
        var health = _factory.Services.GetRequiredService<LedgerHealth>();
        health.LastRun.ShouldNotBeNull();
        health.AllOk.ShouldBeTrue();
    }

    [Fact]
    public async Task EditedEntry_IsDetected()
    {
        await WithDbAsync(async (db, logId) =>
        {
            var entry = await db.LedgerEntries.SingleAsync(e => e.LogId == logId && e.Index == 1, Ct);
            var data = entry.Data.ToArray();
            data[^2] ^= 0x01;
            entry.Data = data;
            await db.SaveChangesAsync(Ct);
        });

        var bad = await SingleMismatchAsync();
        bad.Mismatch!.ShouldContain("Entry 1");
        bad.EntryIndex.ShouldBe(1);
    }

    [Fact]
    public async Task EditedTileHash_IsDetected()
    {
        await WithDbAsync(async (db, logId) =>
        {
            var tile = await db.LedgerTiles.SingleAsync(t => t.LogId == logId && t.Level == 0 && t.TileIndex == 0, Ct);
            var hashes = tile.Hashes.ToArray();
            hashes[(2 * TreeHasher.HashSize) + 7] ^= 0x80;
            tile.Hashes = hashes;
            await db.SaveChangesAsync(Ct);
        });

        var bad = await SingleMismatchAsync();
        bad.Mismatch!.ShouldContain("Entry 2");
        bad.Mismatch!.ShouldContain("tile");
        bad.EntryIndex.ShouldBe(2);
    }

    [Fact]
    public async Task EditedLatestCheckpoint_IsDetected()
    {
        await WithDbAsync(async (db, logId) =>
        {
            var checkpoint = await db.LedgerCheckpoints.Where(c => c.LogId == logId).OrderByDescending(c => c.Size).FirstAsync(Ct);
            checkpoint.Note = AlterRoot(checkpoint.Note);
            await db.SaveChangesAsync(Ct);
        });

        var bad = await SingleMismatchAsync();
        bad.Mismatch!.ShouldStartWith("Checkpoint");
    }

    [Fact]
    public async Task EditedEarlierCheckpoint_IsDetected()
    {
        var first = await LatestCheckpointSizeAsync();
        await _world.OrgAsync(OrganizationKind.Contractor, "利根ソフト株式会社", null);
        await _factory.Services.GetRequiredService<CheckpointService>().PublishAllAsync(Ct);
        (await LatestCheckpointSizeAsync()).ShouldBeGreaterThan(first);

        await WithDbAsync(async (db, logId) =>
        {
            var checkpoint = await db.LedgerCheckpoints.SingleAsync(c => c.LogId == logId && c.Size == first, Ct);
            checkpoint.Note = AlterRoot(checkpoint.Note);
            await db.SaveChangesAsync(Ct);
        });

        var bad = await SingleMismatchAsync();
        bad.Mismatch!.ShouldStartWith($"Checkpoint at size {first}");
    }

    [Fact]
    public async Task EditedAuditEvent_IsDetected()
    {
        long eventId = 0;
        await WithDbAsync(async (db, _) =>
        {
            var e = await db.AuditEvents.SingleAsync(x => x.LedgerIndex == 3, Ct);
            eventId = e.Id;
            await db.AuditEvents.Where(x => x.Id == e.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Action, "tampered"), Ct);
        });

        var bad = await SingleMismatchAsync();
        bad.Mismatch.ShouldBe($"Audit event {eventId}: the row differs from entry 3 of the audit log (the row was altered).");
        bad.EntryIndex.ShouldBe(3);
    }

    [Fact]
    public async Task DeletedAuditEvent_IsDetected()
    {
        await WithDbAsync(async (db, _) =>
            await db.AuditEvents.Where(x => x.LedgerIndex == 4).ExecuteDeleteAsync(Ct));

        var bad = await SingleMismatchAsync();
        bad.Mismatch!.ShouldContain("Entry 4: no audit event refers to it");
    }

    [Fact]
    public async Task AdminPage_ShowsTheKey_ExportsABundle_AndAfterTamperingShowsAnError()
    {
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.Admin);
        var keys = _factory.Services.GetRequiredService<LedgerKeys>();

        var page = await session.GetAsync("/Admin/Ledger");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await CookieSession.ReadTextAsync(page);
        html.ShouldContain(keys.VerifierKey);
        html.ShouldContain("code-block");
        html.ShouldContain("今すぐ検査");

        var logId = await AuditLogIdAsync();
        var export = await session.GetAsync($"/Admin/Ledger?handler=Export&id={logId}");
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        var path = Path.Combine(_factory.DataDirectory, "page-export.bundle.jsonl");
        await File.WriteAllBytesAsync(path, await export.Content.ReadAsByteArrayAsync(Ct), Ct);
        var verified = BundleVerifier.Verify(path, keys.Verifier);
        verified.Verified.ShouldBeTrue(verified.Failure);

        var clean = await session.PostFormAsync("/Admin/Ledger", "/Admin/Ledger?handler=Audit", []);
        clean.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cleanHtml = await CookieSession.ReadTextAsync(clean);
        cleanHtml.ShouldContain("alert--success");
        cleanHtml.ShouldNotContain("alert--error");

        await WithDbAsync(async (db, _) =>
            await db.AuditEvents.Where(x => x.LedgerIndex == 2).ExecuteUpdateAsync(s => s.SetProperty(x => x.Action, "tampered"), Ct));
        var after = await session.PostFormAsync("/Admin/Ledger", "/Admin/Ledger?handler=Audit", []);
        after.StatusCode.ShouldBe(HttpStatusCode.OK);
        var afterHtml = await CookieSession.ReadTextAsync(after);
        afterHtml.ShouldContain("alert--error");
        afterHtml.ShouldContain("differs from entry 2 of the audit log");
        afterHtml.ShouldNotContain("alert--success");

        // The result stays on the page for the next visitor.
        (await session.GetHtmlAsync("/Admin/Ledger")).ShouldContain("alert--error");
    }

    [Fact]
    public async Task ClientStaff_IsForbidden()
    {
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.StaffA);
        var logId = await AuditLogIdAsync();
        foreach (var path in new[] { "/Admin/Ledger", $"/Admin/Ledger?handler=Export&id={logId}" })
        {
            var response = await session.GetAsync(path);
            response.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                CookieSession.RedirectPath(response).ShouldBe("/Account/AccessDenied");
                (await session.GetAsync(response.Headers.Location!.ToString())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            }
        }

        var before = _factory.Services.GetRequiredService<LedgerHealth>().LastRun;
        var post = await session.PostWithoutAntiforgeryAsync("/Admin/Ledger?handler=Audit", []);
        post.IsSuccessStatusCode.ShouldBeFalse();
        _factory.Services.GetRequiredService<LedgerHealth>().LastRun.ShouldBe(before);
    }

    /// <summary>The same note with one character of its root line changed; its signature no longer matches.</summary>
    private static string AlterRoot(string note)
    {
        var lines = note.Split('\n');
        var root = lines[2];
        lines[2] = (root[0] == 'A' ? 'B' : 'A') + root[1..];
        return string.Join('\n', lines);
    }

    private async Task<IReadOnlyList<LogHealth>> RunAsync() =>
        await _factory.Services.GetRequiredService<SelfAuditService>().RunAsync(Ct);

    private async Task<LogHealth> SingleMismatchAsync()
    {
        var results = await RunAsync();
        var bad = results.Where(r => !r.Ok).ShouldHaveSingleItem();
        bad.LogId.ShouldBe(await AuditLogIdAsync());
        bad.Mismatch.ShouldNotBeNullOrWhiteSpace();
        var health = _factory.Services.GetRequiredService<LedgerHealth>();
        health.AllOk.ShouldBeFalse();
        health.Logs[bad.LogId].Mismatch.ShouldBe(bad.Mismatch);
        return bad;
    }

    private async Task WithDbAsync(Func<ItakuDbContext, long, Task> tamper)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var logId = await db.LedgerLogs.Where(l => l.Kind == LedgerLogKind.Audit).Select(l => l.Id).SingleAsync(Ct);
        await tamper(db, logId);
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

    private async Task<long> LatestCheckpointSizeAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var logId = await db.LedgerLogs.Where(l => l.Kind == LedgerLogKind.Audit).Select(l => l.Id).SingleAsync(Ct);
        return await db.LedgerCheckpoints.Where(c => c.LogId == logId).MaxAsync(c => c.Size, Ct);
    }
}
