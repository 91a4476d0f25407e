using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Itaku.Ledger;
using Itaku.Web.Features.Ledger;
using Itaku.Web.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

// Itaku benchmarks (run by hand, never in CI). See bench/README.md.
//   ingest  [--entries N] [--senders S] [--batch B] [--warmup W] [--no-raw] [--no-phases] [--keep] [--postgres CONN]
//   raw     [--entries N] [--batch B]
//   verify  [--entries N]
//   proof   [--entries N] [--proofs P]
//   proof-db [--entries N] [--proofs P] [--postgres CONNECTION-STRING]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var argv = args.ToList();
var command = argv.Count > 0 ? argv[0] : "help";
long Opt(string name, long fallback)
{
    var i = argv.IndexOf(name);
    return i >= 0 && i + 1 < argv.Count ? long.Parse(argv[i + 1].Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;
}

bool Flag(string name) => argv.Contains(name);

var repo = Bench.FindRepoRoot();
Console.WriteLine($"# itaku bench {command} — {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, {Environment.ProcessorCount} cores, {RuntimeInfo()}");
Console.WriteLine($"# load: {Bench.LoadAverage()}");
switch (command)
{
    case "ingest":
        IngestBench.WebProbe = Flag("--web-probe");
        IngestBench.MaxCommitEntries = Opt("--max-commit", 0);
        await IngestBench.RunAsync(repo, Opt("--entries", 1_000_000), (int)Opt("--senders", 2), (int)Opt("--batch", 1000), Math.Max(1, (int)Opt("--warmup", 100)), !Flag("--no-raw"), !Flag("--no-phases"), Flag("--keep"),
            argv.IndexOf("--postgres") is var pg and >= 0 ? argv[pg + 1] : null);
        break;
    case "raw":
        RawBench.Run(Opt("--entries", 1_000_000), (int)Opt("--batch", 1000), null);
        break;
    case "verify":
        await VerifyBench.RunAsync(repo, Opt("--entries", 1_000_000));
        break;
    case "proof":
        await ProofBench.RunAsync(Opt("--entries", 10_000_000), (int)Opt("--proofs", 10_000));
        break;
    case "proof-db":
        await DbProofBench.RunAsync(Opt("--entries", 10_000_000), (int)Opt("--proofs", 10_000), argv.IndexOf("--postgres") is var p and >= 0 ? argv[p + 1] : null);
        break;
    default:
        Console.WriteLine("usage: Itaku.Bench ingest|raw|verify|proof|proof-db [--entries N] (see bench/README.md)");
        return 2;
}

return 0;

static string RuntimeInfo() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

internal static class Bench
{
    public static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Itaku.slnx")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>One ~300 B JSON line as a contractor's access-log system would send it.</summary>
    public static byte[] Line(DateTimeOffset time, long n)
    {
        var head = $"{{\"time\":\"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'}\",\"action\":\"read\",\"user\":\"user{n % 1000:D4}\",\"terminal\":\"pc-{n % 97:D3}\",\"target\":\"住民票 {n:D8}\",\"detail\":\"";
        var bytes = Encoding.UTF8.GetByteCount(head);
        var pad = Math.Max(0, 300 - bytes - 2);
        return Encoding.UTF8.GetBytes(head + new string('x', pad) + "\"}");
    }

    /// <summary>The leaf the app stores for a line: {"receivedAt":"…","event":LINE}.</summary>
    public static byte[] Leaf(DateTime receivedAt, byte[] line) =>
        [.. Encoding.UTF8.GetBytes($"{{\"receivedAt\":\"{receivedAt:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'}\",\"event\":"), .. line, (byte)'}'];

    public static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];
}

/// <summary>The raw batched SQLite insert rate of LedgerEntries-shaped rows: prepared INSERT, one transaction per batch.</summary>
internal static class RawBench
{
    public static double Run(long entries, int batch, string? dir)
    {
        var own = dir is null;
        dir ??= Directory.CreateTempSubdirectory("itaku-raw-").FullName;
        var path = Path.Combine(dir, "raw.db");
        try
        {
            // Same schema, indexes, FK, WAL and default synchronous as the app's database.
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            Exec(connection, "PRAGMA journal_mode=WAL");
            Exec(connection, "PRAGMA foreign_keys=ON");
            Exec(connection, """
                CREATE TABLE "LedgerLogs" ("Id" INTEGER NOT NULL CONSTRAINT "PK_LedgerLogs" PRIMARY KEY AUTOINCREMENT, "Size" INTEGER NOT NULL);
                CREATE TABLE "LedgerEntries" (
                    "LogId" INTEGER NOT NULL, "Index" INTEGER NOT NULL, "Data" BLOB NOT NULL, "ReceivedAt" TEXT NOT NULL,
                    "EventTime" TEXT NULL, "ClockSkewed" INTEGER NOT NULL,
                    CONSTRAINT "PK_LedgerEntries" PRIMARY KEY ("LogId", "Index"),
                    CONSTRAINT "FK_LedgerEntries_LedgerLogs_LogId" FOREIGN KEY ("LogId") REFERENCES "LedgerLogs" ("Id") ON DELETE RESTRICT);
                CREATE INDEX "IX_LedgerEntries_LogId_ClockSkewed" ON "LedgerEntries" ("LogId", "ClockSkewed") WHERE "ClockSkewed";
                CREATE INDEX "IX_LedgerEntries_LogId_ReceivedAt" ON "LedgerEntries" ("LogId", "ReceivedAt");
                INSERT INTO "LedgerLogs" ("Size") VALUES (0);
                """);

            var now = DateTime.UtcNow;
            var leaves = Enumerable.Range(0, batch).Select(i => Bench.Leaf(now, Bench.Line(now, i))).ToArray();
            using var insert = connection.CreateCommand();
            insert.CommandText = """INSERT INTO "LedgerEntries" ("LogId", "Index", "Data", "ReceivedAt", "EventTime", "ClockSkewed") VALUES (1, $i, $d, $r, $e, 0)""";
            var pi = insert.Parameters.Add("$i", SqliteType.Integer);
            var pd = insert.Parameters.Add("$d", SqliteType.Blob);
            var pr = insert.Parameters.Add("$r", SqliteType.Text);
            var pe = insert.Parameters.Add("$e", SqliteType.Text);
            var clock = Stopwatch.StartNew();
            for (long done = 0; done < entries; done += batch)
            {
                var received = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
                using var tx = connection.BeginTransaction();
                insert.Transaction = tx;
                insert.Prepare();
                for (var i = 0; i < batch && done + i < entries; i++)
                {
                    pi.Value = done + i;
                    pd.Value = leaves[i];
                    pr.Value = received;
                    pe.Value = received;
                    insert.ExecuteNonQuery();
                }

                using (var head = connection.CreateCommand())
                {
                    head.Transaction = tx;
                    head.CommandText = $"""UPDATE "LedgerLogs" SET "Size" = {done + batch} WHERE "Id" = 1""";
                    head.ExecuteNonQuery();
                }

                tx.Commit();
            }

            clock.Stop();
            var rate = entries / clock.Elapsed.TotalSeconds;
            Console.WriteLine($"raw:    {entries:N0} rows of {leaves[0].Length} B, batches of {batch:N0}, one transaction each: {clock.Elapsed.TotalSeconds:F2} s = {rate:N0} rows/s");
            return rate;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (own)
            {
                Directory.Delete(dir, recursive: true);
            }
            else
            {
                foreach (var f in Directory.GetFiles(dir, "raw.db*"))
                {
                    File.Delete(f);
                }
            }
        }
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}

/// <summary>End-to-end: the built itaku.dll as a process, set up over HTTP, then N entries pushed by S concurrent senders.</summary>
internal static class IngestBench
{
    private const string AdminPassword = "a long pass phrase 2026 for gunma";
    private const string StaffPassword = "another long pass phrase 2026";

    /// <summary>--web-probe: time a web write every 50 ms during the ingest.</summary>
    public static bool WebProbe { get; set; }

    /// <summary>--max-commit N: the server's Ledger:MaxCommitEntries (default 4,000).</summary>
    public static long MaxCommitEntries { get; set; }

    public static async Task RunAsync(string repo, long entries, int senders, int batch, int warmup, bool raw, bool phases, bool keep, string? postgres)
    {
        var dll = Path.Combine(repo, "src/Itaku.Web/bin/Release/net10.0/itaku.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build first: dotnet build -c Release src/Itaku.Web", dll);
        }

        var dir = Directory.CreateTempSubdirectory("itaku-bench-").FullName;
        var dbPath = Path.Combine(dir, "itaku.db");
        // --postgres: a throwaway database on that server instead of the SQLite file; raw and phases are SQLite-only.
        var database = postgres is null ? null : $"itaku_ingest_{Guid.NewGuid():N}";
        if (database is not null)
        {
            await DbProofBench.AdminAsync(postgres!, $"CREATE DATABASE {database}");
            (raw, phases) = (false, false);
        }

        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = postgres is null ? "Sqlite" : "Postgres",
            ["ConnectionStrings__Itaku"] = postgres is null ? $"Data Source={dbPath}"
                : new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString,
            ["DataProtection__KeysPath"] = Path.Combine(dir, "keys"),
            ["Ledger__SigningKeyPath"] = Path.Combine(dir, "ledger-signing-key.pem"),
            // Throughput is measured from one source: its per-source rate limit (Ledger:IngestEntriesPerSecond) is off here.
            ["Ledger__IngestEntriesPerSecond"] = "0",
            ["Ledger__MaxCommitEntries"] = (MaxCommitEntries > 0 ? MaxCommitEntries : 4000).ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        Process? server = null;
        try
        {
            var (code, output) = await RunToEndAsync(dll, dir, env, AdminPassword,
                "admin", "create-user", "--email", "admin@bench.example.jp", "--name", "Bench Admin", "--role", "SystemAdmin", "--organization", "群馬県");
            if (code != 0)
            {
                throw new InvalidOperationException($"admin create-user failed ({code}):\n{output}");
            }

            var port = FreePort();
            var baseAddress = new Uri($"http://127.0.0.1:{port}");
            server = Start(dll, dir, env, "--urls", baseAddress.ToString().TrimEnd('/'));
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
            await WaitHealthyAsync(http, server);

            // Set-up over the API, as a client program would.
            var pending = await PostAsync(http, null, "/api/v1/tokens", new { email = "admin@bench.example.jp", password = AdminPassword, totpCode = (string?)null }, HttpStatusCode.OK);
            var pendingToken = pending["token"]!.GetValue<string>();
            var key = (await PostAsync(http, pendingToken, "/api/v1/me/mfa/enroll", null, HttpStatusCode.OK))["sharedKey"]!.GetValue<string>();
            await PostAsync(http, pendingToken, "/api/v1/me/mfa/confirm", new { code = Totp.Code(key) }, HttpStatusCode.OK);
            // A code already used to confirm may be refused as a replay: then wait for the next 30 s step.
            string admin;
            try
            {
                admin = (await PostAsync(http, null, "/api/v1/tokens", new { email = "admin@bench.example.jp", password = AdminPassword, totpCode = Totp.Code(key) }, HttpStatusCode.OK))["token"]!.GetValue<string>();
            }
            catch (InvalidOperationException)
            {
                await Task.Delay(TimeSpan.FromSeconds(31 - DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 30));
                admin = (await PostAsync(http, null, "/api/v1/tokens", new { email = "admin@bench.example.jp", password = AdminPassword, totpCode = Totp.Code(key) }, HttpStatusCode.OK))["token"]!.GetValue<string>();
            }

            var me = await GetAsync(http, admin, "/api/v1/me");
            var department = await PostAsync(http, admin, "/api/v1/organizations", new { kind = "Department", name = "情報政策課", parentId = me["organizationId"]!.GetValue<long>() }, HttpStatusCode.Created);
            var contractor = await PostAsync(http, admin, "/api/v1/organizations", new { kind = "Contractor", name = "株式会社ベンチ" }, HttpStatusCode.Created);
            var lead = await PostAsync(http, admin, "/api/v1/users",
                new { email = "lead@bench.example.com", displayName = "ベンチ 一郎", role = "ContractorStaff", organizationId = contractor["id"]!.GetValue<long>(), password = StaffPassword }, HttpStatusCode.Created);
            var contract = await PostAsync(http, admin, "/api/v1/contracts", new
            {
                number = "BENCH-001",
                title = "ベンチマーク業務委託",
                clientDepartmentId = department["id"]!.GetValue<long>(),
                contractorId = contractor["id"]!.GetValue<long>(),
                startDate = "2026-04-01",
                endDate = "2027-03-31",
                status = "Active",
                handlesPersonalInformation = true,
                informationTypes = new[] { "住民基本台帳情報" },
                workLocations = new[] { new { name = "本社", address = "群馬県前橋市大手町1-1-1" } },
            }, HttpStatusCode.Created);
            var contractId = contract["id"]!.GetValue<long>();
            await PostAsync(http, admin, $"/api/v1/contracts/{contractId}/members", new { userId = lead["id"]!.GetValue<Guid>(), role = "Responsible" }, HttpStatusCode.Created);
            var leadToken = (await PostAsync(http, null, "/api/v1/tokens", new { email = "lead@bench.example.com", password = StaffPassword, totpCode = (string?)null }, HttpStatusCode.OK))["token"]!.GetValue<string>();
            var source = await PostAsync(http, leadToken, $"/api/v1/contracts/{contractId}/log-sources", new { name = "入退室管理システム" }, HttpStatusCode.Created);
            var sourceId = source["source"]!["id"]!.GetValue<long>();
            var logId = source["source"]!["logId"]!.GetValue<long>();
            var ingestToken = source["ingestToken"]!.GetValue<string>();

            // Bodies built up front so the client costs the server's 2 cores as little as possible.
            var bodies = Enumerable.Range(0, 8).Select(b =>
            {
                var now = DateTimeOffset.UtcNow;
                var ms = new MemoryStream();
                for (var i = 0; i < batch; i++)
                {
                    ms.Write(Bench.Line(now, (long)b * batch + i));
                    ms.WriteByte((byte)'\n');
                }

                return ms.ToArray();
            }).ToArray();
            Console.WriteLine($"ingest: body {bodies[0].Length:N0} B per request of {batch:N0} lines (~{bodies[0].Length / batch} B a line), {senders} senders, {entries:N0} entries");

            // Warm-up, not counted: the connection pool, and enough requests for tiered JIT to replace the first,
            // unoptimised code of the hot path (a method is recompiled after 30 calls, in the background) — the
            // steady state of a server that has been running, not its first seconds.
            var warmStart = Stopwatch.StartNew();
            for (var w = 0; w < warmup; w++)
            {
                await SendAsync(http, sourceId, ingestToken, bodies[w % bodies.Length]);
            }

            var warm = (long)batch * warmup;
            Console.WriteLine($"ingest: warm-up {warmup} requests ({warm:N0} entries, one sender) in {warmStart.Elapsed.TotalSeconds:F1} s, not counted");

            var requests = (entries + batch - 1) / batch;
            long next = -1;
            var latencies = new List<double>[senders];
            var cpuBefore = ServerCpu(server);
            var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            // --web-probe: a web user's write (registering a log source: a transaction with its audit event) every
            // 50 ms while the senders ingest, timed apart on its own connection: what one source's load does to others.
            using var probeHttp = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
            var probe = new List<double>();
            var idleProbe = new List<double>();
            async Task ProbeOnceAsync(List<double> into)
            {
                var t = Stopwatch.GetTimestamp();
                await PostAsync(probeHttp, leadToken, $"/api/v1/contracts/{contractId}/log-sources", new { name = "計測" }, HttpStatusCode.Created);
                into.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }

            if (WebProbe)
            {
                for (var i = 0; i < 40; i++)
                {
                    await ProbeOnceAsync(idleProbe);
                    await Task.Delay(50);
                }
            }

            var ingesting = true;
            var probing = WebProbe ? Task.Run(async () =>
            {
                while (Volatile.Read(ref ingesting))
                {
                    await ProbeOnceAsync(probe);
                    await Task.Delay(50);
                }
            }) : Task.CompletedTask;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
            {
                latencies[s] = [];
                long r;
                while ((r = Interlocked.Increment(ref next)) < requests)
                {
                    var t = Stopwatch.GetTimestamp();
                    await SendAsync(http, sourceId, ingestToken, bodies[r % bodies.Length]);
                    latencies[s].Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
            })));
            clock.Stop();
            Volatile.Write(ref ingesting, false);
            await probing;
            if (WebProbe)
            {
                idleProbe.Sort();
                probe.Sort();
                Console.WriteLine($"web: a write from the web (POST log-sources) idle p50 {Bench.Percentile(idleProbe, 50):F1} ms, p99 {Bench.Percentile(idleProbe, 99):F1} ms; "
                    + $"during ingest ({probe.Count} writes) p50 {Bench.Percentile(probe, 50):F1} ms, p99 {Bench.Percentile(probe, 99):F1} ms, max {probe[^1]:F1} ms; Ledger:MaxCommitEntries {(MaxCommitEntries > 0 ? MaxCommitEntries : 4000)}");
            }

            var cpu = ServerCpu(server) - cpuBefore;
            var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
            var rate = requests * batch / clock.Elapsed.TotalSeconds;
            var all = latencies.SelectMany(l => l).Order().ToList();
            Console.WriteLine($"ingest: {requests * batch:N0} entries in {clock.Elapsed.TotalSeconds:F2} s = {rate:N0} entries/s (request p50 {Bench.Percentile(all, 50):F0} ms, p99 {Bench.Percentile(all, 99):F0} ms; server CPU {cpu.TotalSeconds:F1} s = {cpu.TotalSeconds / clock.Elapsed.TotalSeconds * 100:F0}% of one core; this client {clientCpu.TotalSeconds:F1} s)");
            var list = await GetArrayAsync(http, leadToken, $"/api/v1/contracts/{contractId}/log-sources");
            var stored = list[0]!["entries"]!.GetValue<long>();
            Console.WriteLine($"ingest: log size after the run {stored:N0} (expected {requests * batch + warm:N0}) — {(stored == requests * batch + warm ? "OK" : "MISMATCH")}");
            if (database is null)
            {
                Console.WriteLine($"ingest: database file {new FileInfo(dbPath).Length / 1048576.0:F0} MiB (+ WAL {(File.Exists(dbPath + "-wal") ? new FileInfo(dbPath + "-wal").Length / 1048576.0 : 0):F0} MiB)");
            }

            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();

            if (raw)
            {
                var rawRate = RawBench.Run(requests * batch, batch, dir);
                Console.WriteLine($"ratio:  ingest/raw = {rate / rawRate:F3} (target ≥ 0.3); ingest target ≥ 100,000 entries/s: {(rate >= 100_000 ? "PASS" : "FAIL")}, ratio: {(rate / rawRate >= 0.3 ? "PASS" : "FAIL")}");
            }

            if (phases)
            {
                await Phases.RunAsync(dbPath, logId, bodies, batch, Math.Min(50, (int)requests));
            }
        }
        finally
        {
            if (server is { HasExited: false })
            {
                server.Kill(entireProcessTree: true);
                server.WaitForExit();
            }

            SqliteConnection.ClearAllPools();
            if (database is not null)
            {
                await DbProofBench.AdminAsync(postgres!, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            }

            if (keep)
            {
                Console.WriteLine($"kept: {dir}");
            }
            else
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static TimeSpan ServerCpu(Process p)
    {
        try
        {
            p.Refresh();
            return p.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }

    private static async Task SendAsync(HttpClient http, long sourceId, string token, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/ingest/{sourceId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, string? token, string url, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"POST {url} answered {(int)response.StatusCode}, expected {(int)expected}: {text}");
        }

        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonNode> GetAsync(HttpClient http, string token, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonNode.Parse(text)! : throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {text}");
    }

    private static async Task<JsonArray> GetArrayAsync(HttpClient http, string token, string url) => (await GetAsync(http, token, url)).AsArray();

    private static async Task WaitHealthyAsync(HttpClient http, Process server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"itaku exited with {server.ExitCode} before listening");
            }

            try
            {
                using var health = await http.GetAsync("/healthz");
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("itaku did not answer /healthz within 90 s");
    }

    private static Process Start(string dll, string dir, Dictionary<string, string> env, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var inherited in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
        {
            info.Environment.Remove(inherited);
        }

        foreach (var (k, v) in env)
        {
            info.Environment[k] = v;
        }

        var p = new Process { StartInfo = info };
        p.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } d && (d.Contains("fail", StringComparison.OrdinalIgnoreCase) || d.Contains("error", StringComparison.OrdinalIgnoreCase))) Console.Error.WriteLine("  [itaku] " + d); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } d) Console.Error.WriteLine("  [itaku!] " + d); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static async Task<(int, string)> RunToEndAsync(string dll, string dir, Dictionary<string, string> env, string stdin, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            info.Environment[k] = v;
        }

        using var p = Process.Start(info)!;
        await p.StandardInput.WriteLineAsync(stdin);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Where a batch's server time goes, measured in-process on the database the HTTP run filled: the same steps
/// IngestService.IngestAsync takes (parse with JsonDocument, BEGIN IMMEDIATE, LedgerAppender over EfLedgerStore,
/// SaveChanges, COMMIT), each under its own stopwatch. No HTTP, no Kestrel.
/// </summary>
internal static class Phases
{
    public static async Task RunAsync(string dbPath, long logId, byte[][] bodies, int batch, int batches)
    {
        await RunVariantAsync("EfLedgerStore as shipped", dbPath, logId, bodies, batch, batches);

        // Pure hashing of the same leaves, for comparison (in memory).
        var leafs = Parse(bodies[0], out _);
        var mem = new InMemoryLedgerStore();
        var appender = new LedgerAppender(mem);
        await appender.AppendAsync(leafs);
        var h = Stopwatch.StartNew();
        for (var i = 0; i < batches; i++)
        {
            await appender.AppendAsync(leafs);
        }

        Console.WriteLine($"  (LedgerAppender over InMemoryLedgerStore, same leaves: {h.Elapsed.TotalMilliseconds / batches:F2} ms per batch = tree hashing + tile copies)");
    }

    private static async Task RunVariantAsync(string name, string dbPath, long logId, byte[][] bodies, int batch, int batches)
    {
        var options = new DbContextOptionsBuilder<ItakuDbContext>().UseSqlite($"Data Source={dbPath}").Options;
        double parse = 0, begin = 0, append = 0, save = 0, commit = 0, total = 0;
        double appendTiles = 0, appendHash = 0;
        var timeProvider = TimeProvider.System;
        for (var b = 0; b < batches + 3; b++)
        {
            var warm = b < 3;
            var t0 = Stopwatch.GetTimestamp();
            var entries = Parse(bodies[b % bodies.Length], out var times);
            var t1 = Stopwatch.GetTimestamp();
            await using var db = new ItakuDbContext(options);
            await using var tx = await db.Database.BeginTransactionAsync();
            var t2 = Stopwatch.GetTimestamp();
            var received = DateTime.UtcNow;
            var ef = new EfLedgerStore(db, logId, timeProvider) { Times = times.Select(t => new EntryTimes(received, t.Item1, t.Item2)).ToList() };
            var store = new TimedStore(ef);
            await new LedgerAppender(store).AppendAsync(entries);
            var t3 = Stopwatch.GetTimestamp();
            await db.SaveChangesAsync();
            var t4 = Stopwatch.GetTimestamp();
            await tx.CommitAsync();
            var t5 = Stopwatch.GetTimestamp();
            if (!warm)
            {
                parse += Ms(t0, t1);
                begin += Ms(t1, t2);
                append += Ms(t2, t3);
                save += Ms(t3, t4);
                commit += Ms(t4, t5);
                total += Ms(t0, t5);
                appendTiles += store.ReadMs;
                appendHash += store.WriteMs;
            }
        }

        double Per(double x) => x / batches;
        Console.WriteLine($"phases: {name}; in-process, {batches} batches of {batch:N0}; mean ms per batch:");
        Console.WriteLine($"  parse (JsonDocument per line + leaf copy)   {Per(parse),8:F2} ms");
        Console.WriteLine($"  BEGIN (EF, IMMEDIATE)                       {Per(begin),8:F2} ms");
        Console.WriteLine($"  LedgerAppender.AppendAsync                  {Per(append),8:F2} ms  (store reads head+tiles {Per(appendTiles):F2} ms, WriteBatchAsync {Per(appendHash):F2} ms, rest = tree hashing)");
        Console.WriteLine($"  SaveChangesAsync                            {Per(save),8:F2} ms");
        Console.WriteLine($"  COMMIT                                      {Per(commit),8:F2} ms");
        Console.WriteLine($"  total                                       {Per(total),8:F2} ms = {batch / (Per(total) / 1000):N0} entries/s without HTTP");
    }

    private static double Ms(long a, long b) => (b - a) * 1000.0 / Stopwatch.Frequency;

    /// <summary>The same checks IngestService.Parse makes: split lines, JsonDocument, "time" as RFC 3339, build the leaf.</summary>
    private static List<ReadOnlyMemory<byte>> Parse(byte[] body, out List<(DateTime, bool)> times)
    {
        var received = DateTime.UtcNow;
        var prefix = Encoding.UTF8.GetBytes($"{{\"receivedAt\":\"{received:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'}\",\"event\":");
        var entries = new List<ReadOnlyMemory<byte>>();
        times = [];
        var span = body.AsSpan();
        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)'\n');
            var line = end < 0 ? span : span[..end];
            span = end < 0 ? [] : span[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            var reader = new Utf8JsonReader(line);
            using var doc = JsonDocument.ParseValue(ref reader);
            var t = doc.RootElement.GetProperty("time").GetString()!;
            var parsed = DateTimeOffset.Parse(t, CultureInfo.InvariantCulture).UtcDateTime;
            times.Add((parsed, (parsed - received).Duration() > TimeSpan.FromSeconds(5)));
            entries.Add((byte[])[.. prefix, .. line, (byte)'}']);
        }

        return entries;
    }

    private sealed class TimedStore(EfLedgerStore inner) : ILedgerStore
    {
        public double ReadMs { get; private set; }

        public double WriteMs { get; private set; }

        public async Task<TreeHead> ReadHeadAsync(CancellationToken ct = default)
        {
            var t = Stopwatch.GetTimestamp();
            try { return await inner.ReadHeadAsync(ct); } finally { ReadMs += Ms(t, Stopwatch.GetTimestamp()); }
        }

        public async Task<byte[]?> ReadTileAsync(int level, long index, CancellationToken ct = default)
        {
            var t = Stopwatch.GetTimestamp();
            try { return await inner.ReadTileAsync(level, index, ct); } finally { ReadMs += Ms(t, Stopwatch.GetTimestamp()); }
        }

        public Task<byte[]?> ReadEntryAsync(long index, CancellationToken ct = default) => inner.ReadEntryAsync(index, ct);

        public IAsyncEnumerable<byte[]> ReadEntriesAsync(long start, long end, CancellationToken ct = default) => inner.ReadEntriesAsync(start, end, ct);

        public async Task WriteBatchAsync(LedgerBatch batch, CancellationToken ct = default)
        {
            var t = Stopwatch.GetTimestamp();
            try { await inner.WriteBatchAsync(batch, ct); } finally { WriteMs += Ms(t, Stopwatch.GetTimestamp()); }
        }

        public Task<string?> ReadCheckpointAsync(CancellationToken ct = default) => inner.ReadCheckpointAsync(ct);

        public Task WriteCheckpointAsync(string note, long size, long? previousSize, CancellationToken ct = default) => inner.WriteCheckpointAsync(note, size, previousSize, ct);
    }
}

/// <summary>Builds an N-entry bundle in memory and times itaku-verify on it as a process.</summary>
internal static class VerifyBench
{
    public static async Task RunAsync(string repo, long entries)
    {
        var dll = Path.Combine(repo, "src/Itaku.Verify/bin/Release/net10.0/itaku-verify.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build first: dotnet build -c Release src/Itaku.Verify", dll);
        }

        var dir = Directory.CreateTempSubdirectory("itaku-verify-bench-").FullName;
        try
        {
            const string origin = "itaku.localhost/contracts/1/sources/1";
            using var signer = NoteSigner.Generate("itaku.localhost");
            var store = new InMemoryLedgerStore();
            var appender = new LedgerAppender(store);
            var publisher = new CheckpointPublisher(store, signer, origin);
            var build = Stopwatch.StartNew();
            var now = DateTime.UtcNow;
            const int batch = 10_000;
            for (long done = 0; done < entries; done += batch)
            {
                var n = (int)Math.Min(batch, entries - done);
                var leaves = new ReadOnlyMemory<byte>[n];
                for (var i = 0; i < n; i++)
                {
                    leaves[i] = Bench.Leaf(now, Bench.Line(now, done + i));
                }

                await appender.AppendAsync(leaves);
                if ((done / batch) % 10 == 0)
                {
                    await publisher.PublishAsync();
                }
            }

            await publisher.PublishAsync();
            var bundle = Path.Combine(dir, "bundle.jsonl");
            await using (var file = File.Create(bundle))
            {
                await BundleWriter.ExportAsync(store, signer.Verifier, 0, entries, file);
            }

            var vkey = Path.Combine(dir, "vkey.txt");
            await File.WriteAllTextAsync(vkey, signer.VerifierKey);
            build.Stop();
            Console.WriteLine($"verify: built a {entries:N0}-entry bundle ({new FileInfo(bundle).Length / 1048576.0:F0} MiB) in {build.Elapsed.TotalSeconds:F1} s");

            for (var run = 1; run <= 3; run++)
            {
                var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
                info.ArgumentList.Add(dll);
                info.ArgumentList.Add(bundle);
                info.ArgumentList.Add("--key");
                info.ArgumentList.Add(vkey);
                var clock = Stopwatch.StartNew();
                using var p = Process.Start(info)!;
                var stdout = await p.StandardOutput.ReadToEndAsync();
                var stderr = await p.StandardError.ReadToEndAsync();
                await p.WaitForExitAsync();
                clock.Stop();
                var rate = entries / clock.Elapsed.TotalSeconds;
                var own = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("speed:", StringComparison.Ordinal))?.Trim() ?? "";
                Console.WriteLine($"verify: run {run}: exit {p.ExitCode}, process wall {clock.Elapsed.TotalSeconds:F2} s = {rate:N0} entries/s (incl. process start); tool's own {own}; target ≥ 250,000: {(p.ExitCode == 0 && rate >= 250_000 ? "PASS" : "FAIL")}");
                if (p.ExitCode != 0)
                {
                    Console.WriteLine(stdout + stderr);
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>Inclusion proof latency (build + verify) at N entries over InMemoryLedgerStore's tiles.</summary>
/// <summary>RFC 6238 TOTP (SHA-1, 6 digits, 30 s), as tests/Itaku.Web.Tests/Infrastructure/Totp.cs.</summary>
internal static class Totp
{
    public static string Code(string base32Key)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = base32Key.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        var counter = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        Span<byte> message = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(message, counter);
        var hash = HMACSHA1.HashData([.. bytes], message);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }
}
