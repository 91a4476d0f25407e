using System.Diagnostics;

namespace Itaku.Web.Tests.Infrastructure;

/// <summary>The text of a PDF as poppler's <c>pdftotext</c> reads it (installed by scripts/test.sh).</summary>
public static class PdfText
{
    public static async Task<string> ExtractAsync(byte[] pdf)
    {
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(Path.GetTempPath(), $"itaku-pdf-test-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf, ct);
        try
        {
            var psi = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add("-enc");
            psi.ArgumentList.Add("UTF-8");
            psi.ArgumentList.Add(file);
            psi.ArgumentList.Add("-");
            using var process = Process.Start(psi)!;
            var text = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            process.ExitCode.ShouldBe(0);
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
