namespace Itaku.Web.Features.Attestations;

/// <summary>An attestation as the API and pages show it; attachments by name, type, size and hash, never their bytes.</summary>
public sealed record AttestationDto(
    long Id,
    long ContractId,
    string ObligationKey,
    string Statement,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    AttestationStatus Status,
    long? BasedOnId,
    Guid SubmittedById,
    string? SubmittedBy,
    DateTime SubmittedAt,
    Guid? DecidedById,
    string? DecidedBy,
    DateTime? DecidedAt,
    string? DecisionComment,
    IReadOnlyList<AttachmentDto> Attachments);

public sealed record AttachmentDto(long Id, string FileName, string ContentType, long Size, string Sha256);

/// <summary>The fields of a submission (multipart form on the API, the form on the page); files travel beside it.</summary>
public sealed record AttestationSubmission(string? ObligationKey, string? Statement, DateOnly? ValidFrom, DateOnly? ValidUntil, long? BasedOnId);

/// <summary>A file as received, before it is checked.</summary>
public sealed record UploadedFile(string FileName, long Length, Func<Stream> Open);

/// <summary>An obligation of the contract that can be attested, with its description in the page's language.</summary>
public sealed record AttestableObligationDto(string Key, string Description);

/// <summary>A decrypted, verified attachment ready to send.</summary>
public sealed record AttachmentContent(string FileName, string ContentType, byte[] Content);

public sealed record AcceptAttestationRequest(string? Comment);

public sealed record ReturnAttestationRequest(string? Reason);
