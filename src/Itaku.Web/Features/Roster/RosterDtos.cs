namespace Itaku.Web.Features.Roster;

/// <summary>A roster version without anyone's personal data: lists and history need no decryption (and no audit).</summary>
public sealed record RosterVersionSummaryDto(
    long Id,
    int Number,
    RosterStatus Status,
    int EntryCount,
    string? Note,
    DateTime CreatedAt,
    DateTime? SubmittedAt,
    string? SubmittedBy,
    DateTime? AcknowledgedAt,
    string? AcknowledgedBy,
    long? NoticeId,
    long? OrganizationId = null,
    string? Organization = null);

/// <summary>A person on the roster, decrypted. <paramref name="Key"/> keeps the person's identity across versions.</summary>
public sealed record RosterEntryDto(
    Guid Key,
    string Name,
    RosterRole Role,
    string Responsibilities,
    string WorkScope,
    string WorkLocation,
    bool HandlesPersonalInformation,
    bool HandlesMedia,
    string? Contact);

/// <summary>An emergency contact (S3(2)③), decrypted.</summary>
public sealed record EmergencyContactDto(Guid Key, string Name, string Phone, string Role, string Hours);

/// <summary>A field of a person that differs from the previous version (values as text; booleans as true/false).</summary>
public sealed record RosterFieldChangeDto(string Field, string? Before, string? After);

/// <summary>A person added, removed or changed (<c>added</c> / <c>removed</c> / <c>changed</c>) since the previous version.</summary>
public sealed record RosterEntryChangeDto(string Change, Guid Key, string Name, IReadOnlyList<RosterFieldChangeDto> Fields);

/// <summary>
/// The change from the previous submitted version (<paramref name="PreviousNumber"/> null: this is the first,
/// and every person is "added").
/// </summary>
public sealed record RosterDiffDto(int? PreviousNumber, IReadOnlyList<RosterEntryChangeDto> Entries, bool EmergencyContactsChanged);

/// <summary>A roster version with its people decrypted. Producing one is recorded as <c>roster.viewed</c>.</summary>
public sealed record RosterVersionDto(
    RosterVersionSummaryDto Version,
    IReadOnlyList<RosterEntryDto> Entries,
    IReadOnlyList<EmergencyContactDto> EmergencyContacts,
    RosterDiffDto Changes);

/// <summary>A person as written in a draft; a <paramref name="Key"/> from the previous version keeps them the same person.</summary>
public sealed record RosterEntryInput(
    Guid? Key,
    string? Name,
    RosterRole? Role,
    string? Responsibilities,
    string? WorkScope,
    string? WorkLocation,
    bool HandlesPersonalInformation,
    bool HandlesMedia,
    string? Contact);

public sealed record EmergencyContactInput(Guid? Key, string? Name, string? Phone, string? Role, string? Hours);

/// <summary>The whole content of a draft version: it replaces what the draft held.</summary>
public sealed record UpdateRosterRequest(string? Note, IReadOnlyList<RosterEntryInput>? Entries, IReadOnlyList<EmergencyContactInput>? EmergencyContacts);
