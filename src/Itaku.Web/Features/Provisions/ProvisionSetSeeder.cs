namespace Itaku.Web.Features.Provisions;

/// <summary>
/// Loads the taxonomy and seeds the shipped sets at start-up. Lifecycle services start in
/// registration order, and this one is registered after the database's, so the schema is in
/// place before it runs, and the sets before the server takes a request.
/// </summary>
internal sealed class ProvisionSetSeeder(IServiceProvider services, ILogger<ProvisionSetSeeder> log) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<ProvisionSetService>().SeedShippedAsync(cancellationToken);
        if (added > 0)
        {
            log.LogInformation("Seeded {Count} shipped provision set(s)", added);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
