namespace Itaku.Ledger;

/// <summary>
/// Signs a checkpoint for the current head, about once a second while the log grows. Before signing it
/// proves, from the stored tiles, that the new head is consistent with the last published checkpoint, so
/// that the log never signs two inconsistent checkpoints even if its storage was damaged.
/// </summary>
public sealed class CheckpointPublisher(ILedgerStore store, NoteSigner signer, string origin)
{
    /// <summary>Publishes a checkpoint if the log grew (or none exists) and returns the latest one.</summary>
    public async Task<SignedCheckpoint> PublishAsync(CancellationToken cancellationToken = default)
    {
        var head = await store.ReadHeadAsync(cancellationToken);
        var previousNote = await store.ReadCheckpointAsync(cancellationToken);
        SignedCheckpoint? previous = previousNote is null ? null : SignedCheckpoint.Open(previousNote, signer.Verifier, origin);
        if (previous is not null)
        {
            var last = previous.Checkpoint;
            if (last.Size > head.Size)
            {
                throw new LedgerIntegrityException($"The published checkpoint (size {last.Size}) is ahead of the log (size {head.Size}).");
            }

            if (last.Size == head.Size)
            {
                return last.Root.AsSpan().SequenceEqual(head.Root)
                    ? previous
                    : throw new LedgerIntegrityException($"The log's root at size {head.Size} differs from the published checkpoint.");
            }

            var reader = new TileHashReader(store);
            var proof = await ProofBuilder.ConsistencyProofAsync(reader, last.Size, head.Size, cancellationToken);
            if (!ProofVerifier.VerifyConsistency(last.Size, head.Size, proof, last.Root, head.Root))
            {
                throw new LedgerIntegrityException($"The log at size {head.Size} is not consistent with the published checkpoint at size {last.Size}.");
            }
        }

        var signed = SignedCheckpoint.Sign(new Checkpoint(origin, head.Size, head.Root), signer);
        await store.WriteCheckpointAsync(signed.Note, head.Size, previous?.Checkpoint.Size, cancellationToken);
        return signed;
    }
}
