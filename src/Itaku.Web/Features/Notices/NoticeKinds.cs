namespace Itaku.Web.Features.Notices;

/// <summary>A structured field of a notice kind.</summary>
public sealed record NoticeField(string Name, string Ja, string En, bool Required);

/// <summary>
/// A kind of notice. <paramref name="ObligationKey"/> is the obligation a submitted notice of the kind
/// evidences; <paramref name="ByRosterOnly"/> kinds are created by submitting a roster version, never by hand.
/// </summary>
public sealed record NoticeKind(string Key, string Ja, string En, string Basis, string? ObligationKey, bool ByRosterOnly, IReadOnlyList<NoticeField> Fields);

/// <summary>
/// The kinds of notice. Kept in code (not a table): each kind's fields and the obligation it evidences
/// are part of the program's meaning; a new kind is one line here.
/// </summary>
public static class NoticeKinds
{
    public const string ManagementStructure = "management-structure";
    public const string ManagementStructureChange = "management-structure-change";
    public const string Roster = "roster";
    public const string RosterChange = "roster-change";

    private static readonly NoticeField[] StructureFields =
    [
        new("internalRules", "社内規程", "Internal rules", Required: true),
        new("emergencyContacts", "緊急時連絡先", "Emergency contacts", Required: true),
        new("workSchedule", "実施スケジュール", "Work schedule", Required: true),
    ];

    public static IReadOnlyList<NoticeKind> All { get; } =
    [
        new(ManagementStructure, "管理体制の届出", "Management structure", "S3", "management-structure.submit", false, StructureFields),
        new(ManagementStructureChange, "管理体制の変更届", "Change of management structure", "S3", "management-structure.notify-changes", false, StructureFields),
        new(Roster, "従事者名簿の届出", "Roster", "G4, S3", "roster.submit", true, []),
        new(RosterChange, "従事者名簿の変更届", "Roster change", "G4, S3", "roster.notify-changes", true, []),
    ];

    public static NoticeKind? Find(string? key) => All.FirstOrDefault(k => k.Key == key);
}
