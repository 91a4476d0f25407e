namespace Itaku.Web.Features.Attestations;

/// <summary>Headers for sending an attachment, the same from the API and from the page.</summary>
public static class AttachmentDownload
{
    /// <summary>
    /// Never rendered by the browser as a page of ours (the file result adds <c>Content-Disposition: attachment</c>),
    /// never sniffed into another type, never kept in a shared cache: attachments are evidence, often personal.
    /// </summary>
    public static void SetHeaders(HttpResponse response)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
    }
}
