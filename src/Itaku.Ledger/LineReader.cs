namespace Itaku.Ledger;

/// <summary>Reads '\n'-terminated lines from a stream into a reused buffer, so streaming a bundle does not allocate per line.</summary>
internal sealed class LineReader(Stream stream)
{
    // One line may hold one entry; this bounds memory if a file has no newlines at all.
    private const int MaxLine = 256 << 20;

    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>Lines returned so far (the last returned line's 1-based number).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Returns the next line without its newline; valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        int scanned = 0;
        while (true)
        {
            int newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = _buffer.AsSpan(_start, scanned + newline);
                _start += scanned + newline + 1;
                LineNumber++;
                return true;
            }

            scanned = _end - _start;
            if (_eof)
            {
                line = _buffer.AsSpan(_start, scanned);
                _start = _end;
                if (scanned == 0)
                {
                    return false;
                }

                LineNumber++;
                return true;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLine)
            {
                throw new FormatException($"Line {LineNumber + 1} is longer than {MaxLine} bytes.");
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
