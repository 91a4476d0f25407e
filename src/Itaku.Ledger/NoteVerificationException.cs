namespace Itaku.Ledger;

/// <summary>A signed note is malformed, carries a signature from a known key that does not verify, or has none that does.</summary>
public sealed class NoteVerificationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NoteVerificationException()
    {
    }

    /// <summary>Creates the exception with the reason.</summary>
    public NoteVerificationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public NoteVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
