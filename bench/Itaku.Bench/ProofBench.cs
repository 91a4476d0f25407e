using System.Diagnostics;
using Itaku.Ledger;

internal static class ProofBench
{
    public static async Task RunAsync(long entries, int proofs)
    {
        var build = Stopwatch.StartNew();
        var store = await BuildTreeAsync(entries);
        build.Stop();
        var head = await store.ReadHeadAsync();
        Console.WriteLine($"proof:  built a {head.Size:N0}-entry tree in {build.Elapsed.TotalSeconds:F1} s");
        var reader = new TileHashReader(store);
        var random = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            await ProofBuilder.InclusionProofAsync(reader, random.NextInt64(head.Size), head.Size);
        }

        var build_ = new List<double>(proofs);
        var full = new List<double>(proofs);
        for (var i = 0; i < proofs; i++)
        {
            var index = random.NextInt64(head.Size);
            var t0 = Stopwatch.GetTimestamp();
            var proof = await ProofBuilder.InclusionProofAsync(reader, index, head.Size);
            var t1 = Stopwatch.GetTimestamp();
            var leaf = await store.ReadEntryAsync(index);
            if (!ProofVerifier.VerifyInclusion(index, head.Size, TreeHasher.HashLeaf(leaf!), proof, head.Root))
            {
                throw new InvalidOperationException($"proof for {index} does not verify");
            }

            var t2 = Stopwatch.GetTimestamp();
            build_.Add((t1 - t0) * 1000.0 / Stopwatch.Frequency);
            full.Add((t2 - t0) * 1000.0 / Stopwatch.Frequency);
        }

        build_.Sort();
        full.Sort();
        Console.WriteLine($"proof:  {proofs:N0} random inclusion proofs at size {head.Size:N0}: build p50 {Bench.Percentile(build_, 50):F3} ms, p99 {Bench.Percentile(build_, 99):F3} ms, max {build_[^1]:F3} ms; build+verify p50 {Bench.Percentile(full, 50):F3} ms, p99 {Bench.Percentile(full, 99):F3} ms — target p99 < 5 ms: {(Bench.Percentile(full, 99) < 5 ? "PASS" : "FAIL")}");
    }

    /// <summary>A tree of <paramref name="entries"/> 8-byte leaves: proof cost depends on the tiles only, and 10 M × 300 B would not be a useful use of RAM.</summary>
    public static async Task<InMemoryLedgerStore> BuildTreeAsync(long entries)
    {
        var store = new InMemoryLedgerStore();
        var appender = new LedgerAppender(store);
        const int batch = 100_000;
        for (long done = 0; done < entries; done += batch)
        {
            var n = (int)Math.Min(batch, entries - done);
            var leaves = new ReadOnlyMemory<byte>[n];
            for (var i = 0; i < n; i++)
            {
                leaves[i] = BitConverter.GetBytes(done + i);
            }

            await appender.AppendAsync(leaves);
        }

        return store;
    }
}
