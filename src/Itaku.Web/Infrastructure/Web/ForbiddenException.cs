namespace Itaku.Web.Infrastructure.Web;

/// <summary>The caller can see the record but may not do this to it.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
