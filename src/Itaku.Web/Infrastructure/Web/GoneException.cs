namespace Itaku.Web.Infrastructure.Web;

/// <summary>
/// 410 Gone: the thing existed but was deliberately deleted (e.g. ledger entries past their retention
/// period). <paramref name="extensions"/> become ProblemDetails members, so a client can learn, say,
/// the first index that is still available.
/// </summary>
public sealed class GoneException(string message, IReadOnlyDictionary<string, object?>? extensions = null) : Exception(message)
{
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}
