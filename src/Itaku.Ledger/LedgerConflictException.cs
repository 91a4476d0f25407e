namespace Itaku.Ledger;

/// <summary>
/// Another writer changed the log first (the stored size is not the one the write was computed against).
/// The caller may re-read the head and retry.
/// </summary>
public sealed class LedgerConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LedgerConflictException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LedgerConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public LedgerConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
