using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Itaku.Ledger;
using Itaku.Web.Features.Ledger;
using Itaku.Web.Features.LogSources;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Api;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Tests.Ledger;

/// <summary>
/// The reliability bar: kill -9 the real server during sustained HTTP ingest. After restart every
/// acknowledged entry is there, the tree recomputes to its tiles and head, and each signed checkpoint
/// is consistent with the next.
/// </summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private const string AdminPassword = "a long pass phrase 2026 for gunma";
    private const string StaffPassword = "another long pass phrase 2026";
    private readonly ItakuProcess _itaku = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _itaku.DisposeAsync();
        TestContext.Current.TestOutputHelper?.WriteLine(_itaku.Log);
    }

    [Fact]
    public async Task KillNineDuringIngest_EveryAcknowledgedEntrySurvives_AndTheLedgerVerifies()
    {
        (await _itaku.RunAsync(AdminPassword, Ct, "admin", "create-user", "--email", "admin@pref.example.jp", "--name", "管理 太郎",
            "--role", "SystemAdmin", "--organization", "群馬県")).ExitCode.ShouldBe(0);
        await _itaku.StartServerAsync(Ct);
        var (sourceId, logId, ingestToken) = await SetUpSourceAsync();

        // Three senders push batches of 200 lines until the server dies under them.
        var acknowledged = new ConcurrentBag<IngestResult>();
        using var stopSending = new CancellationTokenSource();
        var senders = Enumerable.Range(0, 3).Select(n => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = _itaku.BaseAddress };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ingestToken);
            var batch = 0;
            while (!stopSending.IsCancellationRequested)
            {
                var body = new StringBuilder();
                for (var i = 0; i < 200; i++)
                {
                    body.Append("{\"time\":\"").Append(DateTimeOffset.UtcNow.ToString("O")).Append("\",\"sender\":").Append(n)
                        .Append(",\"batch\":").Append(batch).Append(",\"i\":").Append(i).Append(",\"detail\":\"住民記録の参照 ").Append(new string('x', 180)).Append("\"}\n");
                }

                try
                {
                    using var content = new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson");
                    using var response = await http.PostAsync($"/api/v1/ingest/{sourceId}", content);
                    if (response.IsSuccessStatusCode)
                    {
                        acknowledged.Add((await response.Content.ReadFromJsonAsync<IngestResult>())!);
                    }
                }
                catch (HttpRequestException)
                {
                    return; // the server is gone
                }

                batch++;
            }
        })).ToList();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (acknowledged.Count < 15 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        await _itaku.KillServerAsync();
        await stopSending.CancelAsync();
        await Task.WhenAll(senders);
        acknowledged.Count.ShouldBeGreaterThanOrEqualTo(15);

        await _itaku.StartServerAsync(Ct);
        using var http = new HttpClient { BaseAddress = _itaku.BaseAddress };
        var (admin, key) = await AdminAsync(http);

        await using var db = OpenDatabase();
        var log = await db.LedgerLogs.AsNoTracking().SingleAsync(l => l.Id == logId, Ct);
        var stored = (await db.LedgerEntries.AsNoTracking().Where(e => e.LogId == logId).Select(e => e.Index).ToListAsync(Ct)).ToHashSet();
        foreach (var ack in acknowledged)
        {
            for (var i = ack.FirstIndex; i <= ack.LastIndex; i++)
            {
                stored.ShouldContain(i, $"acknowledged entry {i} is missing after the crash");
            }
        }

        log.Size.ShouldBe(stored.Count);
        var store = new EfLedgerStore(db, logId, TimeProvider.System);
        var audit = await LedgerAuditor.AuditAsync(store, key, Ct);
        audit.Ok.ShouldBeTrue(audit.Mismatch);

        var checkpoints = await db.LedgerCheckpoints.AsNoTracking().Where(c => c.LogId == logId).OrderBy(c => c.Size).ToListAsync(Ct);
        checkpoints.Count.ShouldBeGreaterThan(0);
        var reader = new TileHashReader(store);
        for (var i = 0; i + 1 < checkpoints.Count; i++)
        {
            var older = SignedCheckpoint.Open(checkpoints[i].Note, key).Checkpoint;
            var newer = SignedCheckpoint.Open(checkpoints[i + 1].Note, key).Checkpoint;
            var proof = await ProofBuilder.ConsistencyProofAsync(reader, older.Size, newer.Size, Ct);
            ProofVerifier.VerifyConsistency(older.Size, newer.Size, proof, older.Root, newer.Root).ShouldBeTrue($"checkpoint {older.Size} → {newer.Size}");
        }

        // And the log goes on growing after the restart.
        using var again = new HttpClient { BaseAddress = _itaku.BaseAddress };
        again.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ingestToken);
        using var one = new StringContent($"{{\"time\":\"{DateTimeOffset.UtcNow:O}\",\"after\":\"restart\"}}\n", Encoding.UTF8, "application/x-ndjson");
        var next = await (await again.PostAsync($"/api/v1/ingest/{sourceId}", one, Ct)).Content.ReadFromJsonAsync<IngestResult>(Ct);
        next!.FirstIndex.ShouldBe(log.Size);
        admin.ShouldNotBeNullOrEmpty();
    }

    private async Task<(long SourceId, long LogId, string Token)> SetUpSourceAsync()
    {
        using var http = new HttpClient { BaseAddress = _itaku.BaseAddress };
        var (admin, _) = await ApiSignIn.EnrolMfaAsync(http, "admin@pref.example.jp", AdminPassword, Ct);
        var me = await (await ApiSignIn.SendAsync(http, HttpMethod.Get, "/api/v1/me", admin, null, Ct)).Content.ReadFromJsonAsync<MeDto>(Ct);
        var dept = await PostAsync<OrganizationDto>(http, admin, "/api/v1/organizations", new { kind = "Department", name = "情報政策課", parentId = me!.OrganizationId });
        var contractor = await PostAsync<OrganizationDto>(http, admin, "/api/v1/organizations", new { kind = "Contractor", name = "株式会社上州システム" });
        var lead = await PostAsync<Features.Users.UserDto>(http, admin, "/api/v1/users",
            new { email = "lead@joshu.example.com", displayName = "上州 一郎", role = "ContractorStaff", organizationId = contractor.Id, password = StaffPassword });
        var contract = await PostAsync<Features.Contracts.ContractDto>(http, admin, "/api/v1/contracts",
            new { number = "R8-障害-001", title = "障害試験業務委託", clientDepartmentId = dept.Id, contractorId = contractor.Id, startDate = "2026-04-01", endDate = "2027-03-31" });
        await PostAsync<Features.Contracts.MemberDto>(http, admin, $"/api/v1/contracts/{contract.Id}/members", new { userId = lead.Id, role = "Responsible" });
        var leadToken = (await ApiSignIn.TokenAsync(http, "lead@joshu.example.com", StaffPassword, null, Ct)).Token;
        var source = await PostAsync<CreatedLogSourceDto>(http, leadToken, $"/api/v1/contracts/{contract.Id}/log-sources", new { name = "業務サーバー" });
        return (source.Source.Id, source.Source.LogId, source.IngestToken);
    }

    private async Task<(string Token, NoteVerifier Key)> AdminAsync(HttpClient http)
    {
        await using var db = OpenDatabase();
        var userId = await db.Users.Where(u => u.Email == "admin@pref.example.jp").Select(u => u.Id).SingleAsync(Ct);
        var secret = await db.UserTokens.Where(t => t.UserId == userId && t.Name == "AuthenticatorKey").Select(t => t.Value).SingleAsync(Ct);
        var token = (await ApiSignIn.TokenAsync(http, "admin@pref.example.jp", AdminPassword, Infrastructure.Totp.Code(secret!), Ct)).Token;
        var vkey = await (await ApiSignIn.SendAsync(http, HttpMethod.Get, "/api/v1/ledger/key", token, null, Ct)).Content.ReadAsStringAsync(Ct);
        return (token, NoteVerifier.Parse(vkey.Trim()));
    }

    private static async Task<T> PostAsync<T>(HttpClient http, string token, string url, object body)
    {
        using var response = await ApiSignIn.SendAsync(http, HttpMethod.Post, url, token, body, Ct);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<T>(Ct))!;
    }

    private ItakuDbContext OpenDatabase()
    {
        var options = new DbContextOptionsBuilder<ItakuDbContext>();
        if (_itaku.ProviderName == "Postgres")
        {
            options.UseNpgsql(_itaku.ConnectionString);
        }
        else
        {
            options.UseSqlite(_itaku.ConnectionString);
        }

        return new ItakuDbContext(options.Options);
    }
}
