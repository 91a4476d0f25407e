namespace Itaku.Web.Infrastructure.Web;

/// <summary>The change contradicts the record's current state (a duplicate number, a closed contract…).</summary>
public sealed class ConflictException(string message) : Exception(message);
