using System.Globalization;
using System.Text;

namespace Itaku.Ledger;

/// <summary>
/// The body of a C2SP tlog-checkpoint: origin, tree size and base64 root hash on three lines, then
/// optional extension lines. This is the note text that gets signed; see <see cref="SignedCheckpoint"/>.
/// </summary>
public sealed class Checkpoint
{
    /// <summary>Creates a checkpoint, validating each field as the spec requires.</summary>
    public Checkpoint(string origin, long size, byte[] root, IReadOnlyList<string>? extensions = null)
    {
        if (string.IsNullOrEmpty(origin) || origin.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("The origin must be one non-empty line.", nameof(origin));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (root.Length != TreeHasher.HashSize)
        {
            throw new ArgumentException("The root must be a 32-byte hash.", nameof(root));
        }

        extensions ??= [];
        if (extensions.Any(e => e.Length == 0 || e.Contains('\n', StringComparison.Ordinal)))
        {
            throw new ArgumentException("Extension lines must be single non-empty lines.", nameof(extensions));
        }

        Origin = origin;
        Size = size;
        Root = (byte[])root.Clone();
        Extensions = extensions.ToArray();
    }

    /// <summary>The log's identity, e.g. <c>itaku.example/audit</c>.</summary>
    public string Origin { get; }

    /// <summary>Number of entries in the tree.</summary>
    public long Size { get; }

    /// <summary>RFC 6962 root hash of the tree at <see cref="Size"/>.</summary>
    public byte[] Root { get; }

    /// <summary>Opaque extension lines (not recommended by the spec; kept for round-tripping).</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>The note text: every line, including the last, ends in a newline.</summary>
    public string ToNoteText()
    {
        var text = new StringBuilder()
            .Append(Origin).Append('\n')
            .Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Convert.ToBase64String(Root)).Append('\n');
        foreach (var line in Extensions)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Parses a note text; rejects leading zeros, non-canonical base64 and empty lines.</summary>
    public static Checkpoint Parse(string text)
    {
        if (!text.EndsWith('\n'))
        {
            throw new FormatException("A checkpoint ends with a newline.");
        }

        var lines = text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            throw new FormatException("A checkpoint has at least three lines: origin, size, root.");
        }

        string sizeText = lines[1];
        if (sizeText.Length == 0 || sizeText.Length > 19 || !sizeText.All(char.IsAsciiDigit) || (sizeText.Length > 1 && sizeText[0] == '0')
            || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out long size))
        {
            throw new FormatException($"Invalid checkpoint tree size '{sizeText}'.");
        }

        var root = new byte[TreeHasher.HashSize];
        if (!Convert.TryFromBase64String(lines[2], root, out int written) || written != TreeHasher.HashSize
            || Convert.ToBase64String(root) != lines[2])
        {
            throw new FormatException("The checkpoint root is not the base64 of a 32-byte hash.");
        }

        try
        {
            return new Checkpoint(lines[0], size, root, lines[3..]);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }
    }
}
