namespace Itaku.Web.Infrastructure.Web;

/// <summary>The request is well formed but the record's current state does not allow it (409).</summary>
public sealed class ConflictException : Exception
{
    /// <summary>
    /// What the loser of a race hears: the state the request started from was changed by another request
    /// first (a concurrency token in the UPDATE found no row, see the entity configurations).
    /// </summary>
    public const string StateChanged = "この記録の状態は、ほかの操作によってすでに変わっています。画面を読み込み直して、現在の状態を確認してください。";

    public ConflictException(string message) : base(message)
    {
    }

    public ConflictException(string message, Exception inner) : base(message, inner)
    {
    }
}
