using System.Runtime.CompilerServices;

namespace Itaku.Ledger;

/// <summary>
/// A thread-safe <see cref="ILedgerStore"/> in memory, for tests and tools. The <c>Overwrite…</c> methods
/// bypass every check on purpose: they simulate damage or tampering so audits can be tested.
/// </summary>
public sealed class InMemoryLedgerStore : ILedgerStore
{
    private readonly Lock _gate = new();
    private readonly List<byte[]> _entries = [];
    private readonly Dictionary<(int Level, long Index), byte[]> _tiles = [];
    private TreeHead _head = TreeHead.Empty;
    private string? _checkpoint;
    private long? _checkpointSize;

    /// <inheritdoc />
    public Task<TreeHead> ReadHeadAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_head);
        }
    }

    /// <inheritdoc />
    public Task<byte[]?> ReadTileAsync(int level, long index, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_tiles.TryGetValue((level, index), out var t) ? (byte[]?)t.ToArray() : null);
        }
    }

    /// <inheritdoc />
    public Task<byte[]?> ReadEntryAsync(long index, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(index >= 0 && index < _entries.Count ? (byte[]?)_entries[(int)index].ToArray() : null);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<byte[]> ReadEntriesAsync(long start, long end, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (long i = start; i < end; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = await ReadEntryAsync(i, cancellationToken);
            if (entry is null)
            {
                yield break;
            }

            yield return entry;
        }
    }

    /// <inheritdoc />
    public Task WriteBatchAsync(LedgerBatch batch, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_head.Size != batch.PreviousSize || _entries.Count != batch.PreviousSize)
            {
                throw new LedgerConflictException($"The log has {_head.Size} entries, not {batch.PreviousSize}.");
            }

            _entries.AddRange(batch.Entries.Select(e => e.ToArray()));
            foreach (var tile in batch.Tiles)
            {
                _tiles[(tile.Tile.Level, tile.Tile.Index)] = tile.Hashes.ToArray();
            }

            _head = batch.NewHead;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<string?> ReadCheckpointAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_checkpoint);
        }
    }

    /// <inheritdoc />
    public Task WriteCheckpointAsync(string note, long size, long? previousSize, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_checkpointSize != previousSize)
            {
                throw new LedgerConflictException($"The stored checkpoint is for size {_checkpointSize}, not {previousSize}.");
            }

            _checkpoint = note;
            _checkpointSize = size;
        }

        return Task.CompletedTask;
    }

    /// <summary>Replaces an entry without updating any hash (simulated tampering).</summary>
    public void OverwriteEntry(long index, byte[] entry)
    {
        lock (_gate)
        {
            _entries[(int)index] = entry.ToArray();
        }
    }

    /// <summary>Replaces a tile's stored hashes (simulated tampering or corruption).</summary>
    public void OverwriteTile(int level, long index, byte[] hashes)
    {
        lock (_gate)
        {
            _tiles[(level, index)] = hashes.ToArray();
        }
    }

    /// <summary>Replaces the stored checkpoint note without any check (simulated tampering).</summary>
    public void OverwriteCheckpoint(string note)
    {
        lock (_gate)
        {
            _checkpoint = note;
        }
    }
}
