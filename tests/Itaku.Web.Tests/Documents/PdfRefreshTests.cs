using Itaku.Web.Features.Documents;
using Itaku.Web.Pages.Shared;
using Microsoft.AspNetCore.Http;

namespace Itaku.Web.Tests.Documents;

/// <summary>A page listing documents reloads itself (HTTP Refresh, no script) only while a PDF is pending.</summary>
public sealed class PdfRefreshTests
{
    [Fact]
    public void Refresh_WhileAPdfIsPending_AndNotOnceAllArePrinted()
    {
        var pending = new DefaultHttpContext().Response;
        var printed = new DefaultHttpContext().Response;

        PdfRefresh.WhilePending(pending, [PdfStatus.Created, PdfStatus.Pending]);
        PdfRefresh.WhilePending(printed, [PdfStatus.Created]);

        pending.Headers["Refresh"].ToString().ShouldBe("5");
        printed.Headers.ContainsKey("Refresh").ShouldBeFalse();
    }
}
