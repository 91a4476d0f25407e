using Itaku.Web.Features.Documents;

namespace Itaku.Web.Pages.Shared;

/// <summary>
/// A page listing documents reloads itself while a PDF is still being printed, by the HTTP
/// <c>Refresh</c> header: no script, so the Content-Security-Policy stays strict.
/// </summary>
public static class PdfRefresh
{
    public const int Seconds = 5;

    public static void WhilePending(HttpResponse response, IEnumerable<PdfStatus> statuses)
    {
        if (statuses.Any(s => s == PdfStatus.Pending))
        {
            response.Headers["Refresh"] = Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
