namespace Itaku.Ledger;

/// <summary>Stored ledger data is missing or does not agree with itself; never retried, always investigated.</summary>
public sealed class LedgerIntegrityException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LedgerIntegrityException()
    {
    }

    /// <summary>Creates the exception with a message naming what does not agree.</summary>
    public LedgerIntegrityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public LedgerIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
