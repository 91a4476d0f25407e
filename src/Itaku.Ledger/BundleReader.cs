using System.Buffers;
using System.Buffers.Text;
using System.IO.Compression;
using System.Text.Json;

namespace Itaku.Ledger;

/// <summary>
/// Streams an export bundle: <see cref="ReadHeader"/> once, then <see cref="TryReadEntry"/> per entry,
/// decoding into reused buffers. Format errors are <see cref="FormatException"/>s naming the line.
/// </summary>
public sealed class BundleReader : IDisposable
{
    private readonly Stream _stream;
    private readonly LineReader _lines;
    private readonly byte[] _hash = new byte[TreeHasher.HashSize];
    private byte[] _entry = new byte[4096];

    /// <summary>Reads a bundle from <paramref name="stream"/> (uncompressed).</summary>
    public BundleReader(Stream stream)
    {
        _stream = stream;
        _lines = new LineReader(stream);
    }

    /// <summary>The 1-based number of the last line read.</summary>
    public long LineNumber => _lines.LineNumber;

    /// <summary>Opens a bundle file, transparently decompressing it if it is gzip.</summary>
    public static BundleReader Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b
            ? new BundleReader(new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16))
            : new BundleReader(file);
    }

    /// <summary>Reads and parses the header line.</summary>
    public BundleHeader ReadHeader()
    {
        if (!_lines.TryReadLine(out var line))
        {
            throw new FormatException("The bundle is empty.");
        }

        try
        {
            using var doc = JsonDocument.Parse(line.ToArray());
            var root = doc.RootElement;
            string format = root.GetProperty("format").GetString() ?? "";
            if (format != BundleHeader.CurrentFormat)
            {
                throw new FormatException($"Unsupported bundle format '{format}'.");
            }

            return new BundleHeader
            {
                Format = format,
                Origin = root.GetProperty("origin").GetString() ?? throw new FormatException("origin is null."),
                Start = root.GetProperty("start").GetInt64(),
                End = root.GetProperty("end").GetInt64(),
                VerifierKey = root.GetProperty("key").GetString() ?? throw new FormatException("key is null."),
                Checkpoint = root.GetProperty("checkpoint").GetString() ?? throw new FormatException("checkpoint is null."),
                PrunedBefore = root.TryGetProperty("prunedBefore", out var pruned) ? pruned.GetInt64() : null,
                Left = root.GetProperty("left").EnumerateArray().Select(e => e.GetBytesFromBase64()).ToList(),
                Right = root.GetProperty("right").EnumerateArray().Select(e => e.GetBytesFromBase64()).ToList(),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("Line 1 is not a valid bundle header: " + e.Message, e);
        }
    }

    /// <summary>
    /// Reads the next entry line. The spans point into reused buffers and are valid until the next call.
    /// Returns false at the end of the file.
    /// </summary>
    public bool TryReadEntry(out long index, out ReadOnlySpan<byte> leafHash, out ReadOnlySpan<byte> entry)
    {
        index = -1;
        leafHash = default;
        entry = default;
        if (!_lines.TryReadLine(out var line))
        {
            return false;
        }

        try
        {
            var json = new Utf8JsonReader(line);
            Expect(json.Read() && json.TokenType == JsonTokenType.StartObject, "an object");
            int entryLength = -1;
            bool hasHash = false;
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                if (json.ValueTextEquals("i"u8) && index < 0)
                {
                    Expect(json.Read() && json.TryGetInt64(out index) && index >= 0, "a non-negative index");
                }
                else if (json.ValueTextEquals("h"u8) && !hasHash)
                {
                    Expect(json.Read() && DecodeBase64(ref json, _hash) == TreeHasher.HashSize, "a 32-byte base64 leaf hash");
                    hasHash = true;
                }
                else if (json.ValueTextEquals("e"u8) && entryLength < 0)
                {
                    Expect(json.Read() && json.TokenType == JsonTokenType.String, "a base64 entry");
                    int needed = Base64.GetMaxDecodedFromUtf8Length(json.ValueSpan.Length);
                    if (_entry.Length < needed)
                    {
                        _entry = new byte[Math.Max(needed, _entry.Length * 2)];
                    }

                    entryLength = DecodeBase64(ref json, _entry);
                    Expect(entryLength >= 0, "a base64 entry");
                }
                else
                {
                    Expect(false, "only the properties i, h and e, once each");
                }
            }

            Expect(json.TokenType == JsonTokenType.EndObject && !json.Read(), "a single object per line");
            Expect(index >= 0 && hasHash && entryLength >= 0, "the properties i, h and e");
            leafHash = _hash;
            entry = _entry.AsSpan(0, entryLength);
            return true;
        }
        catch (JsonException e)
        {
            throw new FormatException($"Line {LineNumber} is not valid JSON: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    // Decodes the current string token; -1 if it is not a string or not canonical base64.
    private static int DecodeBase64(ref Utf8JsonReader json, Span<byte> destination)
    {
        if (json.TokenType != JsonTokenType.String)
        {
            return -1;
        }

        if (json.ValueIsEscaped)
        {
            // The writer never escapes base64; accept escaped input anyway, on a slower path.
            try
            {
                var bytes = json.GetBytesFromBase64();
                return bytes.AsSpan().TryCopyTo(destination) ? bytes.Length : -1;
            }
            catch (FormatException)
            {
                return -1;
            }
        }

        var text = json.ValueSpan;
        var status = Base64.DecodeFromUtf8(text, destination, out int consumed, out int written);
        return status == OperationStatus.Done && consumed == text.Length ? written : -1;
    }

    private void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new FormatException($"Line {LineNumber}: expected {what}.");
        }
    }
}
