using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Documents;

/// <summary>The outcome of one print: the PDF, or why there is none (Japanese, shown to users).</summary>
public sealed record PdfPrintResult(byte[]? Pdf, PdfStatus Status, string? Error);

/// <summary>
/// Prints a stored HTML snapshot to PDF with headless Chromium: the snapshot's exact bytes are written to a
/// private temporary folder and opened as file://, with a throw-away profile, no network features and a
/// timeout. One print at a time: Chromium is heavy and the server may have two cores.
/// </summary>
public sealed class PdfPrinter(IOptions<DocumentSettings> settings, ILogger<PdfPrinter> log) : IDisposable
{
    public const string ChromiumMissing = "PDF を作成できません（Chromium が見つかりません）。";

    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Whether Chromium is where the settings say (checked before every print, so installing it needs no restart).</summary>
    public bool Available => File.Exists(settings.Value.ChromiumPath);

    public async Task<PdfPrintResult> PrintAsync(byte[] html, CancellationToken ct)
    {
        var chromium = settings.Value.ChromiumPath;
        if (!File.Exists(chromium))
        {
            return new PdfPrintResult(null, PdfStatus.Unavailable, ChromiumMissing);
        }

        await _one.WaitAsync(ct);
        var dir = Directory.CreateTempSubdirectory("itaku-pdf-");
        try
        {
            var source = Path.Combine(dir.FullName, "document.html");
            var target = Path.Combine(dir.FullName, "document.pdf");
            await File.WriteAllBytesAsync(source, html, ct);
            var psi = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = dir.FullName,
            };
            psi.Environment["HOME"] = dir.FullName;
            foreach (var arg in Arguments(dir.FullName, target))
            {
                psi.ArgumentList.Add(arg);
            }

            psi.ArgumentList.Add(new Uri(source).AbsoluteUri);
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("Chromium did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(settings.Value.PdfTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                ct.ThrowIfCancellationRequested();
                return Failed($"PDF を作成できませんでした（Chromium が {settings.Value.PdfTimeout.TotalSeconds:0} 秒以内に終わりませんでした）。", await stderr);
            }

            await stdout;
            var errors = await stderr;
            var pdf = File.Exists(target) ? await File.ReadAllBytesAsync(target, ct) : [];
            return pdf.Length > 5 && pdf.AsSpan(0, 5).SequenceEqual("%PDF-"u8)
                ? new PdfPrintResult(pdf, PdfStatus.Created, null)
                : Failed($"PDF を作成できませんでした（Chromium の終了コード {process.ExitCode}）。", errors);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            return Failed("PDF を作成できませんでした（Chromium を実行できません）。", e.Message);
        }
        finally
        {
            _one.Release();
            try
            {
                dir.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    public void Dispose() => _one.Dispose();

    private PdfPrintResult Failed(string message, string detail)
    {
        log.LogWarning("PDF printing failed: {Message} {Detail}", message, detail.Length > 2000 ? detail[..2000] : detail);
        return new PdfPrintResult(null, PdfStatus.Failed, message);
    }

    private static IEnumerable<string> Arguments(string dir, string target)
    {
        yield return "--headless";
        // Chromium refuses to run as root inside its sandbox; the page is our own escaped HTML whose CSP forbids
        // script and every fetch, so running it unsandboxed there is acceptable. Non-root keeps the sandbox.
        if (Environment.UserName == "root")
        {
            yield return "--no-sandbox";
        }

        yield return "--disable-gpu";
        yield return "--no-first-run";
        yield return "--no-default-browser-check";
        yield return "--disable-background-networking";
        yield return "--disable-component-update";
        yield return "--disable-sync";
        yield return "--disable-extensions";
        yield return "--disable-default-apps";
        yield return "--disable-quic";
        yield return "--mute-audio";
        // Nothing should go out; if something tried, it would hit a closed port.
        yield return "--proxy-server=127.0.0.1:9";
        yield return "--user-data-dir=" + Path.Combine(dir, "profile");
        yield return "--no-pdf-header-footer";
        yield return "--print-to-pdf=" + target;
    }
}
