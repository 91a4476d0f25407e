using Itaku.Web.Infrastructure.Web;
using System.Text.Json.Serialization;

namespace Itaku.Web.Features.Documents;

/// <summary>Where a document's PDF stands. The PDF is printed after the issue commits (ADR 8), so it can lag or be missing.</summary>
[JsonConverter(typeof(EnumNames<PdfStatus>))]
public enum PdfStatus
{
    /// <summary>Issued; the background printer has not printed it yet.</summary>
    Pending,

    /// <summary>Printed and stored; its hash is in the ledger. Never printed again.</summary>
    Created,

    /// <summary>Chromium is not installed at <c>Documents:ChromiumPath</c>; retried at the next start.</summary>
    Unavailable,

    /// <summary>Chromium ran but gave no PDF (timeout, crash); retried at the next start.</summary>
    Failed,
}
