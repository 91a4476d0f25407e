using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Itaku.Ledger;

/// <summary>
/// Writes an export bundle (JSON Lines, see BUNDLE.md): a header line, then one line per entry with
/// its index, RFC 6962 leaf hash and bytes. <see cref="ExportAsync"/> builds one from a store.
/// </summary>
public sealed class BundleWriter : IDisposable
{
    private const int FlushThreshold = 1 << 16;

    // Relaxed escaping keeps the checkpoint's em dash and '+' readable; the output is never embedded in HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);
    private readonly Utf8JsonWriter _json;
    private readonly byte[] _leaf = new byte[TreeHasher.HashSize];

    /// <summary>Creates a writer over <paramref name="output"/>.</summary>
    public BundleWriter(Stream output, bool leaveOpen = false)
    {
        _output = output;
        _leaveOpen = leaveOpen;
        _json = new Utf8JsonWriter(_buffer, Options);
    }

    /// <summary>
    /// Exports entries [<paramref name="start"/>, <paramref name="end"/>) of the log in <paramref name="store"/>
    /// against its latest checkpoint, which must verify with <paramref name="key"/> and cover <paramref name="end"/>.
    /// </summary>
    public static async Task ExportAsync(ILedgerStore store, NoteVerifier key, long start, long end, Stream output, CancellationToken cancellationToken = default) =>
        await ExportAsync(store, key, start, end, null, output, cancellationToken);

    /// <summary>
    /// As <see cref="ExportAsync(ILedgerStore, NoteVerifier, long, long, Stream, CancellationToken)"/>, stating in the
    /// header that entries below <paramref name="prunedBefore"/> were pruned and are not in the bundle.
    /// </summary>
    public static async Task ExportAsync(ILedgerStore store, NoteVerifier key, long start, long end, long? prunedBefore, Stream output, CancellationToken cancellationToken = default)
    {
        var note = await store.ReadCheckpointAsync(cancellationToken)
            ?? throw new InvalidOperationException("The log has no checkpoint yet; publish one before exporting.");
        var checkpoint = SignedCheckpoint.Open(note, key).Checkpoint;
        if (start < 0 || end < start || end > checkpoint.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(end), $"Range [{start},{end}) is not within the checkpoint's {checkpoint.Size} entries.");
        }

        var reader = new TileHashReader(store);
        var header = new BundleHeader
        {
            Origin = checkpoint.Origin,
            Start = start,
            End = end,
            VerifierKey = key.VerifierKey,
            Checkpoint = note,
            PrunedBefore = prunedBefore,
            Left = await reader.ReadHashesAsync(NodeId.Decompose(0, start), cancellationToken),
            Right = await reader.ReadHashesAsync(NodeId.Decompose(end, checkpoint.Size), cancellationToken),
        };

        using var writer = new BundleWriter(output, leaveOpen: true);
        writer.WriteHeader(header);
        long index = start;
        await foreach (var entry in store.ReadEntriesAsync(start, end, cancellationToken))
        {
            writer.WriteEntry(index++, entry);
        }

        if (index != end)
        {
            throw new LedgerIntegrityException($"Entry {index} is missing from the store.");
        }

        writer.Flush();
    }

    /// <summary>Writes the header line.</summary>
    public void WriteHeader(BundleHeader header)
    {
        _json.WriteStartObject();
        _json.WriteString("format", header.Format);
        _json.WriteString("origin", header.Origin);
        _json.WriteNumber("start", header.Start);
        _json.WriteNumber("end", header.End);
        _json.WriteString("key", header.VerifierKey);
        _json.WriteString("checkpoint", header.Checkpoint);
        if (header.PrunedBefore is { } pruned)
        {
            _json.WriteNumber("prunedBefore", pruned);
        }

        WriteHashes("left", header.Left);
        WriteHashes("right", header.Right);
        _json.WriteEndObject();
        EndLine();
    }

    /// <summary>Writes one entry line; entries must be written in index order from the header's start.</summary>
    public void WriteEntry(long index, ReadOnlySpan<byte> entry)
    {
        TreeHasher.HashLeaf(entry, _leaf);
        _json.WriteStartObject();
        _json.WriteNumber("i", index);
        _json.WriteBase64String("h", _leaf);
        _json.WriteBase64String("e", entry);
        _json.WriteEndObject();
        EndLine();
    }

    /// <summary>Writes buffered lines to the stream and flushes it.</summary>
    public void Flush()
    {
        _output.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
        _output.Flush();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Flush();
        _json.Dispose();
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }

    private void WriteHashes(string name, IReadOnlyList<byte[]> hashes)
    {
        _json.WriteStartArray(name);
        foreach (var hash in hashes)
        {
            _json.WriteBase64StringValue(hash);
        }

        _json.WriteEndArray();
    }

    private void EndLine()
    {
        _json.Flush();
        _json.Reset();
        _buffer.Write("\n"u8);
        if (_buffer.WrittenCount >= FlushThreshold)
        {
            _output.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
        }
    }
}
