using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Documents;

/// <summary>
/// Prints the PDFs of issued documents after their issue has committed (ADR 8): woken at once by an issue
/// that committed its own transaction, and every <c>Documents:PdfSweepInterval</c> for documents issued
/// inside a caller's transaction. At start-up it also retries documents whose PDF failed or could not be
/// made before (Chromium may have been installed since).
/// </summary>
public sealed class DocumentPdfWorker(IServiceScopeFactory scopes, IOptions<DocumentSettings> settings, ILogger<DocumentPdfWorker> log) : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks for a sweep now (cheap; extra wake-ups are merged).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var includeFailed = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(includeFailed, stoppingToken);
                includeFailed = false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Printing document PDFs failed; retrying at the next sweep.");
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(settings.Value.PdfSweepInterval);
            try
            {
                await _wake.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }
        }
    }

    private async Task SweepAsync(bool includeFailed, CancellationToken ct)
    {
        List<long> ids;
        await using (var scope = scopes.CreateAsyncScope())
        {
            ids = await scope.ServiceProvider.GetRequiredService<DocumentService>().WithoutPdfAsync(includeFailed, ct);
        }

        foreach (var id in ids)
        {
            // One scope per document: a failure of one does not leave tracked state behind for the next.
            await using var scope = scopes.CreateAsyncScope();
            var status = await scope.ServiceProvider.GetRequiredService<DocumentService>().CreatePdfAsync(id, ct);
            log.LogInformation("Document {Id}: PDF {Status}.", id, status);
        }
    }
}
