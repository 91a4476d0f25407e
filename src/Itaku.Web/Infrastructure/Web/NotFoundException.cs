namespace Itaku.Web.Infrastructure.Web;

/// <summary>The record does not exist, or the caller may not know that it does (answered as 404, never 403).</summary>
public sealed class NotFoundException(string message) : Exception(message);
