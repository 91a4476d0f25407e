using Itaku.Web.Features.Ledger;
using Itaku.Web.Features.Setup;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Itaku.Web.Infrastructure.Data;

/// <summary>
/// Brings the schema up to date before anything else starts (StartingAsync runs before the
/// web server accepts a request), then offers first-run set-up when no user exists.
/// </summary>
public sealed class DatabaseStartup(IServiceProvider services, SetupState setup, IServer server) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await PrepareAsync(scope.ServiceProvider, cancellationToken);
        await setup.InitialiseAsync(scope.ServiceProvider, cancellationToken);
    }

    /// <summary>Schema up to date and the audit log present: what every verb needs before it writes (serve and the CLI).</summary>
    public static async Task<int> PrepareAsync(IServiceProvider scoped, CancellationToken ct)
    {
        var applied = await scoped.GetRequiredService<SchemaMigrator>().MigrateAsync(ct);
        await scoped.GetRequiredService<AuditLedger>().EnsureLogAsync(scoped.GetRequiredService<ItakuDbContext>(), ct);
        _ = scoped.GetRequiredService<LedgerKeys>().VerifierKey; // create or load the signing key now: fail at start, not at the first checkpoint
        return applied;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    /// <summary>Once listening, the set-up address is printed where the operator is looking: the console.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (setup.Token is { } token)
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
            var url = $"{address.TrimEnd('/')}/setup?token={token}";
            Console.WriteLine();
            Console.WriteLine("================================================================");
            Console.WriteLine(" 初期設定 / First-run set-up");
            Console.WriteLine(" 次の URL を開いて最初の管理者を作成してください（1回限り）:");
            Console.WriteLine(" Open this one-time URL to create the first administrator:");
            Console.WriteLine($" {url}");
            Console.WriteLine("================================================================");
            Console.WriteLine();
        }

        return Task.CompletedTask;
    }
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
