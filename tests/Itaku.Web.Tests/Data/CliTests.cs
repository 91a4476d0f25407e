using System.Diagnostics;
using System.Text;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Tests.Data;

/// <summary>The built <c>itaku</c> executable run as an operator runs it, against a database of its own.</summary>
public sealed class CliTests : IDisposable
{
    private const string Passphrase = "a long pass phrase 2026";
    private readonly TestDatabase _database = new();
    private readonly string _workDir = Directory.CreateTempSubdirectory("itaku-cli-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DatabaseProvider Provider => SchemaIntrospection.Provider(_database.Provider);

    public void Dispose()
    {
        _database.Dispose();
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed record Run(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs <c>dotnet itaku.dll args…</c> in an empty folder with the test database in the environment.</summary>
    private async Task<Run> RunAsync(string? stdin, params string[] args)
    {
        var dll = typeof(Program).Assembly.Location;
        File.Exists(dll).ShouldBeTrue(dll);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = _workDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Database__Provider"] = _database.Provider;
        start.Environment["ConnectionStrings__Itaku"] = _database.ConnectionString;
        start.Environment["DataProtection__KeysPath"] = Path.Combine(_workDir, "keys");
        start.Environment["Ledger__SigningKeyPath"] = Path.Combine(_workDir, "ledger-signing-key.pem");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        if (stdin is not null)
        {
            await process.StandardInput.WriteLineAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"itaku {string.Join(' ', args)} did not exit.");
        }

        var run = new Run(process.ExitCode, await stdout, await stderr);
        TestContext.Current.TestOutputHelper?.WriteLine($"$ itaku {string.Join(' ', args)} → {run.ExitCode}\n--- stdout\n{run.Stdout}\n--- stderr\n{run.Stderr}");
        return run;
    }

    private ItakuDbContext Db() => SchemaIntrospection.Context(Provider, _database.ConnectionString);

    private async Task EditRecordedChecksumAsync()
    {
        await using var db = Db();
        var edited = new string('0', 64);
        (await db.Database.ExecuteSqlAsync($"UPDATE __itaku_schema SET checksum = {edited} WHERE id = {"0001_initial.sql"}", Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task DbMigrate_OnFreshDatabase_AppliesTheScripts_SecondRunAppliesNothing()
    {
        var first = await RunAsync(null, "db", "migrate");
        first.ExitCode.ShouldBe(0, first.Stderr);
        first.Stdout.ShouldContain($"applied {SchemaMigrator.LoadScripts(Provider).Count} script(s)");

        var second = await RunAsync(null, "db", "migrate");
        second.ExitCode.ShouldBe(0, second.Stderr);
        second.Stdout.ShouldContain("schema is up to date");

        await using var db = Db();
        (await db.Users.CountAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task AdminCreateUser_WithPasswordOnStdin_CreatesTheUserInANewClientBody()
    {
        (await RunAsync(null, "db", "migrate")).ExitCode.ShouldBe(0);

        var run = await RunAsync(Passphrase, "admin", "create-user",
            "--email", "cli-admin@pref.example.jp", "--name", "管理 太郎", "--role", "SystemAdmin", "--organization", "テスト県");

        run.ExitCode.ShouldBe(0, run.Stderr);
        await using var db = Db();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.NormalizedEmail == "CLI-ADMIN@PREF.EXAMPLE.JP", Ct);
        user.DisplayName.ShouldBe("管理 太郎");
        user.Role.ShouldBe(GlobalRole.SystemAdmin);
        user.TwoFactorEnabled.ShouldBeFalse();
        new PasswordHasher<ItakuUser>().VerifyHashedPassword(user, user.PasswordHash!, Passphrase).ShouldNotBe(PasswordVerificationResult.Failed);
        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == user.OrganizationId, Ct);
        organization.Name.ShouldBe("テスト県");
        organization.Kind.ShouldBe(OrganizationKind.ClientBody);
        (await db.PasswordHistory.CountAsync(p => p.UserId == user.Id, Ct)).ShouldBe(1);
        var created = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Action == "user.created", Ct);
        created.SubjectId.ShouldBe(user.Id.ToString());
        created.Actor.ShouldStartWith("cli:");
    }

    [Fact]
    public async Task AdminCreateUser_WithTooShortPassword_ExitCode2_MessageOnStderr()
    {
        (await RunAsync(null, "db", "migrate")).ExitCode.ShouldBe(0);

        var run = await RunAsync("short pass", "admin", "create-user",
            "--email", "cli-admin@pref.example.jp", "--name", "管理 太郎", "--role", "SystemAdmin", "--organization", "テスト県");

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("password");
        run.Stderr.ShouldContain("12文字以上");
        run.Stdout.ShouldNotContain("created:");
        await using var db = Db();
        (await db.Users.CountAsync(Ct)).ShouldBe(0);
        (await db.Organizations.CountAsync(Ct)).ShouldBe(0, "the refused user's new client body is rolled back with it");
    }

    [Fact]
    public async Task DbMigrate_OnDatabaseWithEditedScript_ExitCode1_NamingTheScript()
    {
        (await RunAsync(null, "db", "migrate")).ExitCode.ShouldBe(0);
        await EditRecordedChecksumAsync();

        var run = await RunAsync(null, "db", "migrate");

        run.ExitCode.ShouldBe(1);
        run.Stderr.ShouldContain("0001_initial.sql");
    }

    [Fact]
    public async Task Serve_OnDatabaseWithEditedScript_RefusesToStart()
    {
        (await RunAsync(null, "db", "migrate")).ExitCode.ShouldBe(0);
        await EditRecordedChecksumAsync();

        var run = await RunAsync(null, "serve", "--urls", "http://127.0.0.1:0");

        run.ExitCode.ShouldBe(1);
        run.Stderr.ShouldContain("0001_initial.sql");
        run.Stderr.ShouldContain("Itaku refuses to start");
    }
}
