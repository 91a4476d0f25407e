namespace Itaku.Ledger;

/// <summary>A checkpoint together with the signed note it was read from or written as.</summary>
public sealed class SignedCheckpoint(Checkpoint checkpoint, string note)
{
    /// <summary>The checkpoint body.</summary>
    public Checkpoint Checkpoint { get; } = checkpoint;

    /// <summary>The full signed note, as published.</summary>
    public string Note { get; } = note;

    /// <summary>Signs <paramref name="checkpoint"/> with <paramref name="signer"/>.</summary>
    public static SignedCheckpoint Sign(Checkpoint checkpoint, NoteSigner signer) =>
        new(checkpoint, signer.Sign(checkpoint.ToNoteText()));

    /// <summary>
    /// Verifies <paramref name="note"/> with <paramref name="verifier"/> and parses its checkpoint; when
    /// <paramref name="expectedOrigin"/> is given the checkpoint must be for that log.
    /// </summary>
    public static SignedCheckpoint Open(string note, NoteVerifier verifier, string? expectedOrigin = null)
    {
        var opened = SignedNote.Open(note, [verifier]);
        Checkpoint checkpoint;
        try
        {
            checkpoint = Checkpoint.Parse(opened.Text);
        }
        catch (FormatException e)
        {
            throw new NoteVerificationException("The signed note is not a valid checkpoint: " + e.Message, e);
        }

        if (expectedOrigin is not null && checkpoint.Origin != expectedOrigin)
        {
            throw new NoteVerificationException($"The checkpoint is for log '{checkpoint.Origin}', not '{expectedOrigin}'.");
        }

        return new SignedCheckpoint(checkpoint, note);
    }
}
